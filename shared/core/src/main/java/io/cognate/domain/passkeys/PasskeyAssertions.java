package io.cognate.domain.passkeys;

import io.cognate.domain.User;

/**
 * What USER_AUTH's {@code WEB_AUTHN} factor needs of passkeys: whether a user has any, a new
 * assertion challenge, and the check of the browser's answer.
 */
public interface PasskeyAssertions {
    /** Whether the user has at least one passkey. */
    boolean hasPasskeys(String sub);

    /**
     * A new assertion: the {@code CREDENTIAL_REQUEST_OPTIONS} JSON for the client, and the
     * challenge, which the caller seals into the USER_AUTH session.
     */
    Assertion start(User user);

    record Assertion(String requestOptionsJson, byte[] challenge) {
    }

    /**
     * Whether {@code credentialJson} (the browser's AuthenticationResponseJSON) is a valid
     * assertion over {@code challenge} by one of the user's passkeys; on success the sign count
     * is recorded. A bad credential is {@code false}, never an exception.
     */
    boolean verify(User user, byte[] challenge, String credentialJson);

    /** No passkeys at all: a pool without the WebAuthn adapter wired. */
    static PasskeyAssertions none() {
        return new PasskeyAssertions() {
            @Override
            public boolean hasPasskeys(String sub) {
                return false;
            }

            @Override
            public Assertion start(User user) {
                return new Assertion("{}", new byte[0]);
            }

            @Override
            public boolean verify(User user, byte[] challenge, String credentialJson) {
                return false;
            }
        };
    }
}
