package io.cognate.domain.tokens;

import java.security.interfaces.RSAPublicKey;

/**
 * Makes the {@link Rs256Check} of a key. The JDK's {@code SHA256withRSA} ({@link #JCA}) is the
 * default; an adapter may offer one nearer the hardware (the platform's libcrypto), which the
 * token verifier then uses for every key it knows.
 */
@FunctionalInterface
public interface Rs256Checks {

    /** The JDK's own provider: always there. */
    Rs256Checks JCA = JcaRs256Check::new;

    Rs256Check forKey(RSAPublicKey key);

    /** A short name for logs and benchmark reports ("jca", "libcrypto"). */
    default String name() {
        return this == JCA ? "jca" : getClass().getSimpleName();
    }
}
