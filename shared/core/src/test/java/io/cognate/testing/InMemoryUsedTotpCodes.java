package io.cognate.testing;

import io.cognate.ports.UsedTotpCodes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The TOTP replay cache in memory: a claim is put-if-absent per user and time step, as the
 * DynamoDB adapter's conditional put is. {@link #inRegion} gives another region's view of the
 * same claims, as every region of the global Sessions table writes the same items (without
 * replication lag). Claims are not forgotten with time: the table's TTL may drop them only after
 * {@code forgetAfter}.
 */
public final class InMemoryUsedTotpCodes implements UsedTotpCodes {

    private record Step(String sub, long step) {
    }

    /** Which region used the code, and from when it may be forgotten. */
    private record Claim(String region, Instant forgetAfter) {
    }

    private final Map<Step, Claim> claims;
    private final String region;

    public InMemoryUsedTotpCodes(String region) {
        this(new HashMap<>(), region);
    }

    private InMemoryUsedTotpCodes(Map<Step, Claim> claims, String region) {
        this.claims = claims;
        this.region = region;
    }

    /** The same claims as {@code otherRegion} reads and writes them. */
    public InMemoryUsedTotpCodes inRegion(String otherRegion) {
        return new InMemoryUsedTotpCodes(claims, otherRegion);
    }

    @Override
    public boolean claim(String sub, long step, Instant forgetAfter) {
        synchronized (claims) {
            return claims.putIfAbsent(new Step(sub, step), new Claim(region, forgetAfter)) == null;
        }
    }
}
