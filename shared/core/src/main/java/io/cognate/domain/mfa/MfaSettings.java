package io.cognate.domain.mfa;

import java.time.Instant;
import java.util.Optional;

/**
 * A user's software-token MFA, as stored beside the user in the Directory. Secrets are present
 * only sealed ({@link TotpSecrets}): {@code pendingSecret} is one handed out by
 * AssociateSoftwareToken and not yet proven by a code, {@code secret} the one proven by
 * VerifySoftwareToken. {@code version} counts writes, so two enrolment steps racing cannot both
 * win.
 */
public record MfaSettings(
        Optional<String> pendingSecret,
        Optional<String> secret,
        boolean enabled,
        boolean preferred,
        long version,
        Instant updatedAt) {

    public static final String SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA";

    public static MfaSettings none() {
        return new MfaSettings(Optional.empty(), Optional.empty(), false, false, 0, Instant.EPOCH);
    }

    /** Sign-in asks for a code: a proven secret, switched on. */
    public boolean active() {
        return enabled && secret.isPresent();
    }

    public MfaSettings withPending(String sealed, Instant now) {
        return new MfaSettings(Optional.of(sealed), secret, enabled, preferred, version + 1, now);
    }

    /** The pending secret becomes the user's secret; {@code enable} also switches it on as preferred. */
    public MfaSettings verified(boolean enable, Instant now) {
        return new MfaSettings(Optional.empty(), pendingSecret, enabled || enable, preferred || enable, version + 1, now);
    }

    public MfaSettings withPreference(boolean newEnabled, boolean newPreferred, Instant now) {
        return new MfaSettings(pendingSecret, secret, newEnabled, newEnabled && newPreferred, version + 1, now);
    }

    @Override
    public String toString() {
        return "MfaSettings[enabled=" + enabled + ", preferred=" + preferred + ", verified=" + secret.isPresent()
                + ", pending=" + pendingSecret.isPresent() + ", version=" + version + "]";
    }
}
