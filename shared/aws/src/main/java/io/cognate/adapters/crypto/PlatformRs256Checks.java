package io.cognate.adapters.crypto;

import io.cognate.domain.tokens.Rs256Checks;
import java.util.Optional;

/**
 * The RS256 checks nearer the hardware, where this JVM can have them: OpenSSL's libcrypto 3
 * through the foreign-function API ({@code LibcryptoRs256Checks}, compiled for release 22) on
 * JDK 22 and later when {@code libcrypto.so.3} is on the library path (Amazon Linux 2023, on
 * which Lambda's java21 and java25 runtimes run, and Debian/Ubuntu ship it). Otherwise, or when
 * {@link #SETTING} is {@code jca}, empty: the verifier keeps the JDK's provider.
 */
public final class PlatformRs256Checks {
    /** {@code jca} keeps the JDK's provider even where libcrypto loads; anything else, or unset, prefers libcrypto. */
    public static final String SETTING = "COGNATE_RS256";
    static final String LIBRARY = "libcrypto.so.3";
    private static final int FOREIGN_FUNCTIONS_FINAL_IN = 22;

    private PlatformRs256Checks() {
    }

    /** libcrypto's checks if they load here, else empty; never throws. */
    public static Optional<Rs256Checks> libcrypto() {
        if (Runtime.version().feature() < FOREIGN_FUNCTIONS_FINAL_IN) {
            return Optional.empty();
        }
        try {
            Class<?> type = Class.forName(PlatformRs256Checks.class.getPackageName() + ".LibcryptoRs256Checks");
            var load = type.getDeclaredMethod("load", String.class);
            load.setAccessible(true);
            return Optional.of((Rs256Checks) load.invoke(null, LIBRARY));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // Not compiled in (built on JDK 21), no libcrypto 3 here, or native access refused.
            return Optional.empty();
        }
    }

    /**
     * What the token verifier uses: libcrypto's checks where they load, unless the setting
     * ({@link #SETTING}) says {@code jca}.
     */
    public static Rs256Checks choose(String setting) {
        if ("jca".equalsIgnoreCase(setting)) {
            return Rs256Checks.JCA;
        }
        return libcrypto().orElse(Rs256Checks.JCA);
    }
}
