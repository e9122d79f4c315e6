package io.cognate.domain.passkeys;

import java.time.Instant;

/**
 * The challenge StartWebAuthnRegistration handed out, kept server-side until
 * CompleteWebAuthnRegistration uses it (which carries only the access token and the
 * credential): the challenge (base64url), the app client whose token asked for it, and when it
 * stops being accepted. It is not secret: the client echoes it inside the signed client data.
 */
public record RegistrationChallenge(String challenge, String clientId, Instant expiresAt) {

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
