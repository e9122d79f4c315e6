package io.cognate.domain.forwarding;

import io.cognate.ports.SecretEnvelopes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets forwarded writes are signed with. Nothing is stored: a region that forwards makes
 * a random 256-bit secret, seals it under the multi-region data key (KMS, so only a role allowed
 * to use that key, in any of the pool's regions, can open it) with the context
 * {@code purpose=write-forwarding, pool, from=<its region>}, and sends the sealed form with every
 * request it signs. The leader opens it (one KMS call, then from memory) and checks the HMAC. So
 * the key material comes from KMS and IAM, never from a header anyone could write: a sealed
 * secret made with another context, or by anyone without the key, does not open.
 */
public final class ForwardingKeys {
    /**
     * A sender makes a new secret this often: one KMS call per 5 minutes per execution environment,
     * and a secret lives no longer than the window a signed request is accepted in.
     */
    static final Duration RENEW_AFTER = Duration.ofMinutes(5);
    static final String PURPOSE = "write-forwarding";
    private static final int OPENED_KEPT = 64;

    private final String poolId;
    private final String region;
    private final SecretEnvelopes envelopes;
    private final SecureRandom random;
    private final Clock clock;
    private final Map<String, byte[]> opened = new ConcurrentHashMap<>();
    private volatile Key current;

    /** A secret and its sealed form, as the sender holds it. */
    record Key(byte[] secret, String sealed, Instant madeAt) {
    }

    public ForwardingKeys(String poolId, String region, SecretEnvelopes envelopes, SecureRandom random, Clock clock) {
        this.poolId = poolId;
        this.region = region;
        this.envelopes = envelopes;
        this.random = random;
        this.clock = clock;
    }

    /** This region's signing secret, renewed every {@link #RENEW_AFTER}. */
    synchronized Key current() {
        Instant now = clock.instant();
        Key key = current;
        if (key == null || !now.isBefore(key.madeAt().plus(RENEW_AFTER)) || now.isBefore(key.madeAt())) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            key = new Key(secret, envelopes.seal(secret, context(region)), now);
            current = key;
        }
        return key;
    }

    /** The secret {@code from} sealed; throws {@link SecretEnvelopes.CannotOpen} when it does not open as from there. */
    byte[] open(String sealed, String from) {
        byte[] secret = opened.get(from + "\n" + sealed);
        if (secret != null) {
            return secret;
        }
        secret = envelopes.open(sealed, context(from));
        if (opened.size() >= OPENED_KEPT) {
            opened.clear();
        }
        opened.put(from + "\n" + sealed, secret);
        return secret;
    }

    private Map<String, String> context(String from) {
        return Map.of("purpose", PURPOSE, "pool", poolId, "from", from);
    }
}
