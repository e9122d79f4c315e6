package io.cognate.domain.devices;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * One device a user confirmed ({@code ConfirmDevice}), as kept in the Directory: its key, the
 * group key it was issued with, the SRP salt and verifier its app made from a random device
 * password, whether it is remembered, and Cognito's three dates.
 *
 * <p>The verifier is stored as uploaded, not sealed: the device password behind it is 40 random
 * bytes the app drew (Cognito's clients' {@code generateHashDevice}), so a copy of the verifier
 * gives nobody a guess worth making, unlike a user's verifier, which stands for a chosen password.
 */
public record Device(
        String key,
        String groupKey,
        Optional<String> name,
        BigInteger salt,
        BigInteger verifier,
        boolean remembered,
        Instant createdAt,
        Instant lastModifiedAt,
        Instant lastAuthenticatedAt) {

    /** Cognito's {@code dev:device_remembered_status} values. */
    public static final String REMEMBERED = "remembered";
    public static final String NOT_REMEMBERED = "not_remembered";

    public Device withRemembered(boolean nowRemembered, Instant now) {
        return new Device(key, groupKey, name, salt, verifier, nowRemembered, createdAt, now, lastAuthenticatedAt);
    }

    public String rememberedStatus() {
        return remembered ? REMEMBERED : NOT_REMEMBERED;
    }

    /** The same salt and verifier: a retried ConfirmDevice, not another device under the same key. */
    public boolean sameSecret(BigInteger otherSalt, BigInteger otherVerifier) {
        return salt.equals(otherSalt) && verifier.equals(otherVerifier);
    }

    /** Where a device stands in a user's list: ListDevices' PaginationToken names the last one returned. */
    public Position position() {
        return new Position(createdAt, key);
    }

    /** A place in the oldest-first order of a user's devices, which outlives the device itself. */
    public record Position(Instant createdAt, String key) {
        public boolean isBefore(Device device) {
            int byTime = createdAt.compareTo(device.createdAt());
            return byTime < 0 || byTime == 0 && key.compareTo(device.key()) < 0;
        }
    }

    @Override
    public String toString() {
        return "Device[" + key + ", " + rememberedStatus() + "]";
    }
}
