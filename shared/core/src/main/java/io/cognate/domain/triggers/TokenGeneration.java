package io.cognate.domain.triggers;

/**
 * Why tokens are being issued, as PreTokenGeneration's {@code triggerSource} tells the trigger.
 * {@code TokenGeneration_HostedAuth} belongs to Cognito's hosted sign-in pages, which Cognate does
 * not serve, so no path here sends it.
 */
public enum TokenGeneration {
    /** A sign-in flow ended in tokens: password, SRP, USER_AUTH choices, passkeys, MFA answers, admin flows. */
    AUTHENTICATION("TokenGeneration_Authentication"),
    /** The tokens come from the OAuth token endpoint for a code the hosted sign-in pages issued. */
    HOSTED_AUTH("TokenGeneration_HostedAuth"),
    /** The tokens answer NEW_PASSWORD_REQUIRED: the user replaced a temporary password. */
    NEW_PASSWORD_CHALLENGE("TokenGeneration_NewPasswordChallenge"),
    /** The tokens end a remembered device's sign-in (DEVICE_PASSWORD_VERIFIER). */
    AUTHENTICATE_DEVICE("TokenGeneration_AuthenticateDevice"),
    /** REFRESH_TOKEN_AUTH or GetTokensFromRefreshToken. */
    REFRESH_TOKENS("TokenGeneration_RefreshTokens"),
    /** A client-credentials (machine-to-machine) access token; sent to a V3_0 trigger only. */
    CLIENT_CREDENTIALS("TokenGeneration_ClientCredentials");

    private final String triggerSource;

    TokenGeneration(String triggerSource) {
        this.triggerSource = triggerSource;
    }

    public String triggerSource() {
        return triggerSource;
    }
}
