package io.cognate.domain.sessions;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.AppClient;
import io.cognate.domain.RefreshTokenRecord;
import io.cognate.domain.User;
import io.cognate.domain.clients.ClientSecrets;
import io.cognate.domain.sessions.SessionService.ClientProof;
import io.cognate.domain.tokens.IssuedTokens;
import io.cognate.domain.tokens.RefreshTokens;
import io.cognate.domain.tokens.TokenRejected;
import io.cognate.domain.tokens.TokenUse;
import io.cognate.domain.tokens.VerifiedToken;
import io.cognate.testing.InMemoryRegion;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Refreshing tokens, RevokeToken and GlobalSignOut on in-memory stores. */
class SessionServiceTest {
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String ALICE = "alice";
    private static final String PASSWORD = "Correct-Horse-9";
    private static final ClientProof PUBLIC_CLIENT = ClientProof.secretHash(null);

    private InMemoryRegion region;
    private SessionService sessions;
    private User alice;

    @BeforeEach
    void signedUpUser() {
        region = InMemoryRegion.create();
        sessions = region.sessionService();
        alice = region.signUpConfirmed(ALICE, PASSWORD, "alice@example.com");
    }

    private VerifiedToken verified(String accessToken) {
        try {
            return region.tokenVerifier().verify(accessToken, TokenUse.ACCESS);
        } catch (TokenRejected rejected) {
            throw new AssertionError("the access token was refused: " + rejected.getMessage(), rejected);
        }
    }

    private static String refreshToken(IssuedTokens tokens) {
        return tokens.refreshToken().orElseThrow();
    }

    private void assertSessionOver(IssuedTokens tokens) {
        assertRefused(() -> region.identityService().getUser(tokens.accessToken()), "NotAuthorizedException")
                .hasMessage("Access Token has been revoked");
        assertRefused(() -> sessions.refresh(CLIENT, refreshToken(tokens), PUBLIC_CLIENT), "NotAuthorizedException")
                .hasMessage("Refresh Token has been revoked");
    }

    private void assertSessionLive(IssuedTokens tokens) {
        assertThat(region.identityService().getUser(tokens.accessToken()).sub()).isEqualTo(alice.sub());
        assertThat(sessions.refresh(CLIENT, refreshToken(tokens), PUBLIC_CLIENT).accessToken()).isNotBlank();
    }

    @Nested
    class Refresh {
        @Test
        void givesNewTokensOfTheSameSessionAndKeepsTheTimeOfSignIn() {
            IssuedTokens signedIn = region.signIn(ALICE, PASSWORD);
            VerifiedToken before = verified(signedIn.accessToken());
            region.clock().advance(InMemoryRegion.ACCESS_TOKEN_VALIDITY.plusMinutes(5));
            assertRefused(() -> region.identityService().getUser(signedIn.accessToken()), "NotAuthorizedException")
                    .hasMessage("Access Token has expired");

            IssuedTokens refreshed = sessions.refresh(CLIENT, refreshToken(signedIn), PUBLIC_CLIENT);

            assertThat(refreshed.refreshToken()).isEmpty();
            assertThat(refreshed.idToken()).isNotBlank();
            VerifiedToken after = verified(refreshed.accessToken());
            assertThat(after.subject()).isEqualTo(alice.sub());
            assertThat(after.originJti()).isEqualTo(before.originJti());
            assertThat(after.claim("auth_time")).isEqualTo(before.claim("auth_time"));
            assertThat(after.issuedAt()).isAfter(before.issuedAt());
        }

        @Test
        void refusesTokensItDidNotIssueToThisClient() {
            IssuedTokens signedIn = region.signIn(ALICE, PASSWORD);
            region.putClient(new AppClient("other-client", "other", Set.of(AppClient.ALLOW_REFRESH_TOKEN_AUTH),
                    Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1)));
            String unknown = new RefreshTokens(new SecureRandom()).newToken();

            assertRefused(() -> sessions.refresh(CLIENT, unknown, PUBLIC_CLIENT), "NotAuthorizedException")
                    .hasMessage("Invalid Refresh Token");
            assertRefused(() -> sessions.refresh(CLIENT, "x".repeat(3000), PUBLIC_CLIENT), "NotAuthorizedException")
                    .hasMessage("Invalid Refresh Token");
            assertRefused(() -> sessions.refresh("other-client", refreshToken(signedIn), PUBLIC_CLIENT),
                    "NotAuthorizedException").hasMessage("Invalid Refresh Token");
        }

        @Test
        void refusesMalformedRequestsAndClientsWithoutTheFlow() {
            IssuedTokens signedIn = region.signIn(ALICE, PASSWORD);
            region.putClient(new AppClient("password-only", "password only",
                    Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH), Duration.ofHours(1), Duration.ofHours(1),
                    Duration.ofDays(1)));

            assertRefused(() -> sessions.refresh(CLIENT, "", PUBLIC_CLIENT), "InvalidParameterException")
                    .hasMessage("Missing required parameter REFRESH_TOKEN");
            assertRefused(() -> sessions.refresh("password-only", refreshToken(signedIn), PUBLIC_CLIENT),
                    "InvalidParameterException").hasMessage("REFRESH_TOKEN_AUTH flow not enabled for this client");
            assertRefused(() -> sessions.refresh("no-such-client", refreshToken(signedIn), PUBLIC_CLIENT),
                    "ResourceNotFoundException");
            assertRefused(() -> sessions.refresh(null, refreshToken(signedIn), PUBLIC_CLIENT),
                    "InvalidParameterException");
        }

        @Test
        void anExpiredRefreshTokenIsRefusedAsExpired() {
            IssuedTokens signedIn = region.signIn(ALICE, PASSWORD);
            region.clock().advance(InMemoryRegion.REFRESH_TOKEN_VALIDITY);

            assertRefused(() -> sessions.refresh(CLIENT, refreshToken(signedIn), PUBLIC_CLIENT),
                    "NotAuthorizedException").hasMessage("Refresh Token has expired");
        }

        @Test
        void aDisabledOrDeletedUserGetsNoNewTokens() {
            IssuedTokens signedIn = region.signIn(ALICE, PASSWORD);
            User stored = region.user(ALICE);
            region.inMemoryDirectory().update(stored.withEnabled(false, region.clock().instant()), region.leader());

            assertRefused(() -> sessions.refresh(CLIENT, refreshToken(signedIn), PUBLIC_CLIENT),
                    "NotAuthorizedException").hasMessage("Invalid Refresh Token");

            region.inMemoryDirectory().delete(region.user(ALICE), region.leader());
            assertRefused(() -> sessions.refresh(CLIENT, refreshToken(signedIn), PUBLIC_CLIENT),
                    "NotAuthorizedException").hasMessage("Invalid Refresh Token");
        }

        @Test
        void aConfidentialClientProvesItselfWithItsSecretOrASecretHash() {
            String secret = region.putConfidentialClient("confidential");
            IssuedTokens signedIn = region.identityService().passwordAuth("confidential", ALICE, PASSWORD);
            String token = refreshToken(signedIn);

            assertThat(sessions.refresh("confidential", token, ClientProof.secret(secret)).accessToken()).isNotBlank();
            assertThat(sessions.refresh("confidential", token,
                    ClientProof.secretHash(ClientSecrets.secretHash(secret, alice.sub(), "confidential")))
                    .accessToken()).isNotBlank();
            assertThat(sessions.refresh("confidential", token,
                    ClientProof.secretHash(ClientSecrets.secretHash(secret, ALICE, "confidential")))
                    .accessToken()).isNotBlank();

            assertRefused(() -> sessions.refresh("confidential", token, ClientProof.secret("not-the-secret")),
                    "NotAuthorizedException").hasMessage("Unable to verify client secret for client confidential");
            assertRefused(() -> sessions.refresh("confidential", token, PUBLIC_CLIENT), "NotAuthorizedException")
                    .hasMessage("Client confidential is configured with secret but SECRET_HASH was not received");
            assertRefused(() -> sessions.refresh("confidential", token,
                    ClientProof.secretHash(ClientSecrets.secretHash("not-the-secret", ALICE, "confidential"))),
                    "NotAuthorizedException").hasMessage("Unable to verify secret hash for client confidential");
        }
    }

    @Nested
    class Revoke {
        @Test
        void endsTheSessionOfTheRefreshTokenAndOnlyThatOne() {
            IssuedTokens revoked = region.signIn(ALICE, PASSWORD);
            IssuedTokens other = region.signIn(ALICE, PASSWORD);

            sessions.revoke(CLIENT, null, refreshToken(revoked));

            assertSessionOver(revoked);
            assertSessionLive(other);
        }

        @Test
        void anUnknownTokenIsNotAnError() {
            String unknown = new RefreshTokens(new SecureRandom()).newToken();

            sessions.revoke(CLIENT, null, unknown);
            sessions.revoke(CLIENT, null, "not-shaped-like-a-refresh-token");

            assertThat(region.revocations().isRefreshTokenRevoked(RefreshTokens.hash(unknown))).isTrue();
            assertThat(region.revocations().isRefreshTokenRevoked(
                    RefreshTokens.hash("not-shaped-like-a-refresh-token"))).isFalse();
        }

        @Test
        void aTokenRevokedBeforeItsRecordArrivedIsRefusedOnceItDoes() {
            String token = new RefreshTokens(new SecureRandom()).newToken();
            sessions.revoke(CLIENT, null, token);
            Instant now = region.clock().instant();
            // The record replicates in from the region that issued the token.
            region.sessionStore().saveRefreshToken(new RefreshTokenRecord(RefreshTokens.hash(token), alice.sub(),
                    CLIENT, SessionIds.next(now), now, now, now.plus(Duration.ofDays(1)), "eu-west-1"));

            assertRefused(() -> sessions.refresh(CLIENT, token, PUBLIC_CLIENT), "NotAuthorizedException")
                    .hasMessage("Refresh Token has been revoked");
        }

        @Test
        void onlyRefreshTokensCanBeRevoked() {
            IssuedTokens tokens = region.signIn(ALICE, PASSWORD);

            assertRefused(() -> sessions.revoke(CLIENT, null, tokens.accessToken()), "UnsupportedTokenTypeException");
            assertRefused(() -> sessions.revoke(CLIENT, null, ""), "InvalidParameterException");
            assertSessionLive(tokens);
        }

        @Test
        void aClientRevokesOnlyItsOwnTokensAndProvesItselfFirst() {
            IssuedTokens tokens = region.signIn(ALICE, PASSWORD);
            String secret = region.putConfidentialClient("confidential");
            IssuedTokens confidential = region.identityService().passwordAuth("confidential", ALICE, PASSWORD);

            assertRefused(() -> sessions.revoke("confidential", secret, refreshToken(tokens)), "UnauthorizedException")
                    .hasMessage("Client confidential is not authorized to revoke this token.");
            assertRefused(() -> sessions.revoke("no-such-client", null, refreshToken(tokens)),
                    "UnauthorizedException");
            assertRefused(() -> sessions.revoke(null, null, refreshToken(tokens)), "InvalidParameterException");
            assertRefused(() -> sessions.revoke("confidential", "not-the-secret", refreshToken(confidential)),
                    "UnauthorizedException").hasMessage("Unable to verify client secret for client confidential");
            assertRefused(() -> sessions.revoke("confidential", null, refreshToken(confidential)),
                    "UnauthorizedException");
            assertSessionLive(tokens);
            assertThat(sessions.refresh("confidential", refreshToken(confidential), ClientProof.secret(secret))
                    .accessToken()).isNotBlank();

            sessions.revoke("confidential", secret, refreshToken(confidential));
            assertRefused(() -> sessions.refresh("confidential", refreshToken(confidential),
                    ClientProof.secret(secret)), "NotAuthorizedException").hasMessage("Refresh Token has been revoked");
        }
    }

    @Nested
    class GlobalSignOut {
        @Test
        void endsEverySessionOfTheUserBegunUpToNow() {
            IssuedTokens first = region.signIn(ALICE, PASSWORD);
            region.clock().advance(Duration.ofMinutes(1));
            IssuedTokens second = region.signIn(ALICE, PASSWORD);
            User bob = region.signUpConfirmed("bob", PASSWORD, "bob@example.com");
            IssuedTokens bobs = region.signIn("bob", PASSWORD);

            sessions.globalSignOut(second.accessToken());

            assertSessionOver(first);
            assertSessionOver(second);
            assertThat(region.identityService().getUser(bobs.accessToken()).sub()).isEqualTo(bob.sub());
        }

        @Test
        void aSessionBegunAfterTheSignOutLives() {
            IssuedTokens before = region.signIn(ALICE, PASSWORD);
            sessions.globalSignOut(before.accessToken());
            region.clock().advance(Duration.ofMillis(1));

            IssuedTokens after = region.signIn(ALICE, PASSWORD);

            assertSessionLive(after);
            assertSessionOver(before);
        }

        @Test
        void aSignOutRecordedByAnotherRegionEndsTheSessionsHereToo() {
            IssuedTokens tokens = region.signIn(ALICE, PASSWORD);

            region.revocations().inRegion("eu-west-1").signOutEverywhere(alice.sub(), region.clock().instant());

            assertSessionOver(tokens);
        }

        @Test
        void needsAValidAccessToken() {
            IssuedTokens tokens = region.signIn(ALICE, PASSWORD);

            assertRefused(() -> sessions.globalSignOut("not-a-token"), "NotAuthorizedException")
                    .hasMessage("Invalid Access Token");
            assertRefused(() -> sessions.globalSignOut(tokens.idToken()), "NotAuthorizedException");
            assertSessionLive(tokens);

            region.clock().advance(InMemoryRegion.ACCESS_TOKEN_VALIDITY.plusMinutes(5));
            assertRefused(() -> sessions.globalSignOut(tokens.accessToken()), "NotAuthorizedException")
                    .hasMessage("Access Token has expired");
            assertThat(region.revocations().lastSignOut(alice.sub())).isEmpty();
        }

        @Test
        void aSignedOutAccessTokenCannotSignOutAgain() {
            IssuedTokens tokens = region.signIn(ALICE, PASSWORD);
            sessions.globalSignOut(tokens.accessToken());
            Instant signedOut = region.revocations().lastSignOut(alice.sub()).orElseThrow();
            region.clock().advance(Duration.ofMinutes(1));

            assertRefused(() -> sessions.globalSignOut(tokens.accessToken()), "NotAuthorizedException")
                    .hasMessage("Access Token has been revoked");
            assertThat(region.revocations().lastSignOut(alice.sub())).contains(signedOut);
        }
    }
}
