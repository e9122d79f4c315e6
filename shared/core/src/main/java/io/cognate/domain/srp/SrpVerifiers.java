package io.cognate.domain.srp;

import io.cognate.domain.DecoyDestinations;
import io.cognate.domain.Username;
import io.cognate.ports.SecretEnvelopes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

/**
 * Makes, seals and opens users' SRP verifiers (v = g^x, x from a random salt, the pool name, the
 * user's SRP id and the password; {@link SrpGroup#privateKey}). A verifier lets whoever holds it
 * test password guesses at the speed of one SHA-256 and one modular exponentiation, far faster
 * than an Argon2id check, so it is stored only sealed under the multi-region data key, bound to
 * the pool and the user's sub like a TOTP secret: a copy of the Directory table alone gives an
 * attacker nothing to guess against.
 *
 * <p>A username with no user gets a {@link #decoy}: a salt and verifier derived from the
 * deployment's decoy key, the same on every ask and in every region, so that the challenge of a
 * user who does not exist cannot be told from a real one's by comparing two of them.
 */
public final class SrpVerifiers {
    /** 128 bits of salt, as Cognito's clients make for devices. */
    static final int SALT_BYTES = 16;

    /** A user's salt and verifier, opened. */
    public record Verifier(BigInteger salt, BigInteger verifier) {
        @Override
        public String toString() {
            return "Verifier[redacted]";
        }
    }

    private final String userPoolId;
    private final String poolName;
    private final SecretEnvelopes envelopes;
    private final SecureRandom random;
    private final DecoyDestinations decoys;
    private volatile String sealedDecoy;

    public SrpVerifiers(String userPoolId, SecretEnvelopes envelopes, SecureRandom random, DecoyDestinations decoys) {
        this.userPoolId = userPoolId;
        // Cognito's clients hash the part of the pool id after the region's underscore.
        this.poolName = userPoolId.substring(userPoolId.indexOf('_') + 1);
        this.envelopes = envelopes;
        this.random = random;
        this.decoys = decoys;
    }

    /** The pool name the clients hash into x and into the password claim. */
    public String poolName() {
        return poolName;
    }

    /** A new verifier for {@code password}, sealed for the user {@code sub} whose SRP id is {@code userId}. */
    public String create(String sub, String userId, String password) {
        byte[] saltBytes = new byte[SALT_BYTES];
        random.nextBytes(saltBytes);
        BigInteger salt = new BigInteger(1, saltBytes);
        BigInteger verifier = SrpGroup.G.modPow(SrpGroup.privateKey(salt, poolName, userId, password), SrpGroup.N);
        byte[] plain = (SrpGroup.hex(salt) + ":" + SrpGroup.hex(verifier)).getBytes(StandardCharsets.UTF_8);
        try {
            return envelopes.seal(plain, context(sub));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The user's verifier; {@link SecretEnvelopes.CannotOpen} if {@code sealed} is not this user's. */
    public Verifier open(String sub, String sealed) {
        String text = new String(envelopes.open(sealed, context(sub)), StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new SecretEnvelopes.CannotOpen("not a verifier");
        }
        return new Verifier(new BigInteger(text.substring(0, colon), 16), new BigInteger(text.substring(colon + 1), 16));
    }

    /**
     * A verifier for a username with no user (or none to sign in with SRP). It costs what
     * {@link #open} costs: an envelope is opened (the data key's Decrypt) and v computed.
     */
    public Verifier decoy(Username username) {
        String sealed = sealedDecoy;
        if (sealed == null) {
            // Sealed on first use, never before a SnapStart snapshot; a race seals twice, harmlessly.
            sealed = envelopes.seal(new byte[SALT_BYTES], context("decoy"));
            sealedDecoy = sealed;
        }
        envelopes.open(sealed, context("decoy"));
        BigInteger salt = new BigInteger(1, Arrays.copyOf(decoys.derive("srp-salt", username), SALT_BYTES));
        BigInteger x = new BigInteger(1, decoys.derive("srp-x", username));
        return new Verifier(salt, SrpGroup.G.modPow(x, SrpGroup.N));
    }

    private Map<String, String> context(String sub) {
        return Map.of("purpose", "srp-verifier", "userPoolId", userPoolId, "sub", sub);
    }
}
