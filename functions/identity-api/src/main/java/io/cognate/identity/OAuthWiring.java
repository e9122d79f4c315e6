package io.cognate.identity;

import io.cognate.domain.IdentityService;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.oauth.AuthorizationCodeGrant;
import io.cognate.domain.oauth.AuthorizationRequests;
import io.cognate.domain.oauth.FederatedAuthorize;
import io.cognate.domain.oauth.HostedSessions;
import io.cognate.domain.signin.ChoiceSignIn;
import io.cognate.domain.signin.NewPasswordChallenge;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.ports.UserDirectory;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * What the OAuth endpoints and hosted pages use, built once per function
 * ({@code IdentityApiServices#oauth}): request checks, codes, the hosted session cookie, the
 * userInfo token rules, the sign-in services the Cognito API uses too (same lockout, MFA and
 * password rules), and the federation seam. {@code passkeysConfigured}: the pool has a WebAuthn
 * relying party, without which no passkey can be asked for.
 */
record OAuthWiring(
        String region,
        String issuer,
        UserDirectory directory,
        AuthorizationRequests requests,
        AuthorizationCodeGrant codes,
        HostedSessions sessions,
        TokenVerifier userInfoTokens,
        Supplier<IdentityService> identity,
        Supplier<MfaSignIn> mfaSignIn,
        Supplier<NewPasswordChallenge> newPassword,
        Supplier<ChoiceSignIn> choiceSignIn,
        boolean passkeysConfigured,
        FederatedAuthorize federation,
        SecureRandom random,
        Clock clock) {

    /** Cookies are Secure wherever the pool's domain is served over HTTPS. */
    boolean secureCookies() {
        return issuer.startsWith("https://");
    }

    /** 16 random bytes, base64url: a CSP nonce or a CSRF token (128 bits). */
    String randomToken() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
