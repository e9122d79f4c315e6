package io.cognate.domain.passkeys;

/**
 * Passkey sign-in as the choice-based USER_AUTH flow uses it: whether to offer WEB_AUTHN, the
 * challenge's request options, and the check of the answer. The caller keeps the challenge (it
 * seals it into the USER_AUTH session); this side keeps only the credentials and their counts.
 */
public interface PasskeyAssertions {
    /** Whether the user has at least one passkey (USER_AUTH lists WEB_AUTHN only then). */
    boolean hasPasskeys(String sub);

    /** A new assertion: the CREDENTIAL_REQUEST_OPTIONS JSON for the client, and the challenge (which the caller seals into the USER_AUTH session). */
    Assertion start(io.cognate.domain.User user);

    record Assertion(String requestOptionsJson, byte[] challenge) {
    }

    /** Whether credentialJson (the browser's AuthenticationResponseJSON) is a valid assertion over challenge by one of the user's passkeys; on success the sign count is recorded. Never throws for a bad credential: false. */
    boolean verify(io.cognate.domain.User user, byte[] challenge, String credentialJson);
}
