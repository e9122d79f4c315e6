package io.cognate.domain.oauth;

import io.cognate.domain.AppClient;
import io.cognate.domain.IdentityService;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.clients.ClientSecrets;
import io.cognate.domain.clients.OAuthError;
import io.cognate.domain.tokens.IssuedTokens;
import io.cognate.domain.tokens.RefreshTokens;
import io.cognate.ports.AuthorizationCodes;
import io.cognate.ports.UserDirectory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The authorization code grant (RFC 6749 §4.1) with PKCE (RFC 7636): codes issued after a
 * hosted sign-in, redeemed once at the token endpoint for the client, redirect URI and verifier
 * they were bound to.
 *
 * <p>Single use across regions: a code is redeemed by a conditional claim on its record in the
 * Sessions global table, so once the claim has replicated no region redeems it again. Inside the
 * replication window (a claim at one region not yet seen at another) a claim alone would let a
 * code be redeemed once per region; so a code is redeemed only in the region that issued it,
 * and no other region ever claims it successfully. A code issued just before a failover is then
 * refused at the new region; the client starts the authorization again, and the hosted session
 * (which every region opens) signs the user straight back in.
 */
public final class AuthorizationCodeGrant {
    /** Cognito's authorization codes are valid for five minutes. */
    public static final Duration CODE_VALIDITY = Duration.ofMinutes(5);
    /** 32 random bytes: 256 bits a guesser has to find. */
    private static final int CODE_BYTES = 32;
    /** Longer than any code of ours: not hashed, not looked up. */
    private static final int MAX_CODE_LENGTH = 128;
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();

    private final String region;
    private final UserDirectory directory;
    private final AuthorizationCodes codes;
    private final IdentityService identity;
    private final Supplier<SecureRandom> random;
    private final Clock clock;

    public AuthorizationCodeGrant(String region, UserDirectory directory, AuthorizationCodes codes,
                                  IdentityService identity, Supplier<SecureRandom> random, Clock clock) {
        this.region = region;
        this.directory = directory;
        this.codes = codes;
        this.identity = identity;
        this.random = random;
        this.clock = clock;
    }

    /** A new code for {@code request}, the user {@code sub} having signed in at {@code authTime}. */
    public String issue(AuthorizationRequest request, String sub, Instant authTime) {
        byte[] bytes = new byte[CODE_BYTES];
        random.get().nextBytes(bytes);
        String code = ENCODE.encodeToString(bytes);
        codes.save(new AuthorizationCode(RefreshTokens.hash(code), request.clientId(), request.redirectUri(),
                request.codeChallenge(), request.nonce(), request.scopes(), sub, authTime,
                clock.instant().plus(CODE_VALIDITY), region));
        return code;
    }

    /** The token request of the grant, its client already authenticated by the caller's transport. */
    public record Redemption(String clientId, Optional<String> clientSecret, Optional<String> code,
                             Optional<String> redirectUri, Optional<String> codeVerifier) {
        @Override
        public String toString() {
            return "Redemption[clientId=" + clientId + "]";
        }
    }

    public record Redeemed(IssuedTokens tokens, AuthorizationCode code) {
    }

    public Redeemed redeem(Redemption redemption) {
        AppClient client = authenticate(redemption.clientId(), redemption.clientSecret());
        if (!client.settings().allowedOAuthFlowsUserPoolClient() || !client.allowsOAuthFlow(AuthorizationRequests.CODE_FLOW)) {
            throw OAuthError.unauthorizedClient("The client may not use the authorization code grant.");
        }
        String code = redemption.code().orElseThrow(() -> OAuthError.invalidRequest("Missing code."));
        String redirectUri = redemption.redirectUri().orElseThrow(() -> OAuthError.invalidRequest("Missing redirect_uri."));
        if (code.length() > MAX_CODE_LENGTH) {
            throw OAuthError.invalidGrant("The code is not valid.");
        }
        Instant now = clock.instant();
        // Claimed first, checked after: a code presented with anything wrong is spent (RFC 6749
        // §4.1.2: a code used twice should not work again), never left for a second try.
        AuthorizationCode stored = codes.claim(RefreshTokens.hash(code), now)
                .orElseThrow(() -> OAuthError.invalidGrant("The code is not valid."));
        if (!stored.issuedInRegion().equals(region) || !now.isBefore(stored.expiresAt())
                || !stored.clientId().equals(client.clientId()) || !stored.redirectUri().equals(redirectUri)) {
            throw OAuthError.invalidGrant("The code is not valid.");
        }
        if (stored.codeChallenge().isPresent()) {
            if (redemption.codeVerifier().isEmpty() || !Pkce.verifies(redemption.codeVerifier().get(), stored.codeChallenge().get())) {
                throw OAuthError.invalidGrant("The code_verifier does not match the code_challenge.");
            }
        } else if (redemption.codeVerifier().isPresent()) {
            // A verifier for a code that had no challenge: a downgrade attempt (RFC 9700 §2.1.1).
            throw OAuthError.invalidGrant("The code was issued without a code_challenge.");
        }
        User user = directory.findBySub(stored.sub())
                .filter(User::enabled)
                // A federated user (EXTERNAL_PROVIDER) signed in upstream; any other status has not finished signing up.
                .filter(found -> found.status() == UserStatus.CONFIRMED || found.status() == UserStatus.EXTERNAL_PROVIDER)
                .orElseThrow(() -> OAuthError.invalidGrant("The code is not valid."));
        return new Redeemed(identity.startAuthorizedSession(user, client, stored.authTime(), stored.scopes(),
                stored.nonce()), stored);
    }

    /**
     * A confidential client proves its secret (basic or post); a public client names itself and
     * is held to PKCE instead. An unknown client and a wrong secret answer the same.
     */
    private AppClient authenticate(String clientId, Optional<String> secret) {
        AppClient client = directory.findClient(clientId).orElseThrow(OAuthError::invalidClient);
        if (client.hasSecret()) {
            if (secret.isEmpty() || !ClientSecrets.matches(client, secret.get())) {
                throw OAuthError.invalidClient();
            }
        } else if (secret.isPresent()) {
            throw OAuthError.invalidClient();
        }
        return client;
    }
}
