package io.cognate.domain.sessions;

import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.RefreshTokenRecord;
import io.cognate.domain.User;
import io.cognate.domain.clients.ClientSecrets;
import io.cognate.domain.tokens.AccessTokenMessages;
import io.cognate.domain.tokens.IssuedTokens;
import io.cognate.domain.tokens.RefreshTokens;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.domain.tokens.TokenRejected;
import io.cognate.domain.tokens.TokenUse;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.domain.tokens.VerifiedToken;
import io.cognate.domain.triggers.TokenGeneration;
import io.cognate.domain.triggers.Triggers;
import io.cognate.ports.Revocations;
import io.cognate.ports.SessionStore;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions after sign-in: refreshing tokens, revoking one session, signing a user out
 * everywhere. Nothing here writes the Directory, so every region serves all of it; revocations
 * go to the Sessions global table under keys only this region writes, and take effect in the
 * other regions once replicated.
 */
public final class SessionService {
    /** RevokeToken's answer for an app client whose {@code EnableTokenRevocation} is false. */
    static final String TOKEN_REVOCATION_DISABLED = "Token revocation isn't enabled for this app client.";
    private static final String INVALID_REFRESH_TOKEN = "Invalid Refresh Token";
    private static final int MAX_REFRESH_TOKEN_LENGTH = 2048;

    private final UserDirectory directory;
    private final SessionStore sessions;
    private final Revocations revocations;
    private final SessionRevocations sessionRevocations;
    private final ClientSecrets secrets;
    private final TokenIssuer issuer;
    private final TokenVerifier verifier;
    private final Clock clock;
    private final Triggers triggers;

    /**
     * @param verifier the verifier of Cognate's own operations (admin scope, revocation check)
     * @param triggers the pool's triggers: PreTokenGeneration is asked again at each refresh
     */
    public SessionService(UserDirectory directory, SessionStore sessions, Revocations revocations,
                          ClientSecrets secrets, TokenIssuer issuer, TokenVerifier verifier, Clock clock,
                          Triggers triggers) {
        this.directory = directory;
        this.sessions = sessions;
        this.revocations = revocations;
        this.sessionRevocations = new SessionRevocations(revocations);
        this.secrets = secrets;
        this.issuer = issuer;
        this.verifier = verifier;
        this.clock = clock;
        this.triggers = triggers;
    }

    /** How the caller proved it is the client: a SECRET_HASH (InitiateAuth) or the secret (GetTokensFromRefreshToken). */
    public record ClientProof(String secretHash, String clientSecret) {
        public static ClientProof secretHash(String hash) {
            return new ClientProof(hash, null);
        }

        public static ClientProof secret(String secret) {
            return new ClientProof(null, secret);
        }

        @Override
        public String toString() {
            return "ClientProof[redacted]";
        }
    }

    /** {@link #refresh(String, String, ClientProof, Map)} without client metadata. */
    public IssuedTokens refresh(String clientId, String refreshToken, ClientProof proof) {
        return refresh(clientId, refreshToken, proof, Map.of());
    }

    /**
     * InitiateAuth REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken: new ID and access tokens, same
     * session. PreTokenGeneration runs again ({@code TokenGeneration_RefreshTokens}), so the claims
     * it adds are in every token of the session, not only the first ones.
     */
    public IssuedTokens refresh(String clientId, String refreshToken, ClientProof proof,
                                Map<String, String> clientMetadata) {
        AppClient client = requireClient(clientId);
        if (!client.allows(AppClient.ALLOW_REFRESH_TOKEN_AUTH)) {
            throw CognitoException.invalidParameter("REFRESH_TOKEN_AUTH flow not enabled for this client");
        }
        if (refreshToken == null || refreshToken.isEmpty()) {
            throw CognitoException.invalidParameter("Missing required parameter REFRESH_TOKEN");
        }
        if (refreshToken.length() > MAX_REFRESH_TOKEN_LENGTH) {
            throw CognitoException.notAuthorized(INVALID_REFRESH_TOKEN);
        }
        RefreshTokenRecord record = sessions.findRefreshToken(RefreshTokens.hash(refreshToken))
                .filter(r -> r.clientId().equals(client.clientId()))
                .orElseThrow(() -> CognitoException.notAuthorized(INVALID_REFRESH_TOKEN));
        User user = directory.findBySub(record.sub())
                .filter(User::enabled)
                .orElseThrow(() -> CognitoException.notAuthorized(INVALID_REFRESH_TOKEN));
        if (proof.clientSecret() != null) {
            if (!ClientSecrets.secretAccepted(client, proof.clientSecret())) {
                throw CognitoException.notAuthorized("Unable to verify client secret for client " + client.clientId());
            }
        } else {
            secrets.requireSecretHash(client, proof.secretHash(), user.username().value(), user.sub());
        }
        Instant now = clock.instant();
        if (record.expiredAt(now)) {
            throw CognitoException.notAuthorized("Refresh Token has expired");
        }
        if (revocations.isRefreshTokenRevoked(record.tokenHash())
                || sessionRevocations.isOver(record.originJti(), record.sub(), Optional.of(record.issuedAt()))) {
            throw CognitoException.notAuthorized("Refresh Token has been revoked");
        }
        TokenIssuer.Customizer customizer = (memberOf, scopes) ->
                triggers.preTokenGeneration(TokenGeneration.REFRESH_TOKENS, client.clientId(), user, memberOf, scopes,
                        clientMetadata);
        if (!record.oauthScopes().isEmpty()) {
            // A session granted through /oauth2/authorize keeps the scopes the user granted: a
            // refresh never widens them to the API's own scope.
            return issuer.issue(user, client, record.authTime(), record.originJti(), customizer, record.oauthScopes(),
                    Optional.empty());
        }
        return issuer.issue(user, client, record.authTime(), record.originJti(), customizer);
    }

    /**
     * RevokeToken: ends the session of a refresh token, with every access and ID token it led to.
     * An unknown token is not an error (RFC 7009 §2.2). The refresh token is revoked by its hash
     * even where its record has not replicated yet; its session's access tokens can be named
     * (and revoked) only where the record is known, so in that window they live out their
     * lifetime.
     */
    public void revoke(String clientId, String clientSecret, String token) {
        if (clientId == null || clientId.isEmpty()) {
            throw CognitoException.invalidParameter("Missing required parameter ClientId");
        }
        AppClient client = directory.findClient(clientId)
                .orElseThrow(() -> unauthorized("Client " + clientId + " is not authorized to revoke this token."));
        if (!ClientSecrets.secretAccepted(client, clientSecret)) {
            throw unauthorized("Unable to verify client secret for client " + clientId);
        }
        if (!client.settings().enableTokenRevocation()) {
            // The client's EnableTokenRevocation is false: Cognito's error for an operation the
            // app client has not enabled. Its sessions end only as their refresh tokens expire.
            throw new CognitoException("UnsupportedOperationException", TOKEN_REVOCATION_DISABLED);
        }
        if (token == null || token.isEmpty()) {
            throw CognitoException.invalidParameter("Missing required parameter Token");
        }
        if (token.indexOf('.') >= 0) {
            // A JWT: only refresh tokens can be revoked; access and ID tokens end with their session.
            throw new CognitoException("UnsupportedTokenTypeException", "Only refresh tokens can be revoked.");
        }
        if (!RefreshTokens.hasTokenShape(token)) {
            return;
        }
        String hash = RefreshTokens.hash(token);
        Optional<RefreshTokenRecord> found = sessions.findRefreshToken(hash);
        if (found.isPresent() && !found.get().clientId().equals(client.clientId())) {
            throw unauthorized("Client " + clientId + " is not authorized to revoke this token.");
        }
        Instant now = clock.instant();
        Instant keepUntil = found.map(RefreshTokenRecord::expiresAt).orElse(now.plus(client.refreshTokenValidity()));
        revocations.revokeRefreshToken(hash, now, keepUntil);
        found.ifPresent(record -> revocations.revokeSession(record.originJti(), now, record.expiresAt()));
    }

    /** GlobalSignOut: every session of the token's user that began up to now is over, in every region. */
    public void globalSignOut(String accessToken) {
        VerifiedToken token;
        try {
            token = verifier.verify(accessToken, TokenUse.ACCESS);
        } catch (TokenRejected rejected) {
            throw CognitoException.notAuthorized(AccessTokenMessages.of(rejected));
        }
        signOutEverywhere(token.subject());
    }

    /**
     * Ends every session of the user {@code sub} that began up to now, in every region:
     * GlobalSignOut's revocation, for AdminUserGlobalSignOut and AdminDisableUser too.
     */
    public void signOutEverywhere(String sub) {
        revocations.signOutEverywhere(sub, clock.instant());
    }

    private AppClient requireClient(String clientId) {
        if (clientId == null || clientId.isEmpty()) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'clientId' failed to satisfy constraint: Member must not be null");
        }
        return directory.findClient(clientId)
                .orElseThrow(() -> CognitoException.resourceNotFound("User pool client " + clientId + " does not exist."));
    }

    private static CognitoException unauthorized(String message) {
        return new CognitoException("UnauthorizedException", message);
    }
}
