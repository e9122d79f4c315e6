package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnauthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnsupportedTokenTypeException;

/**
 * Refresh, RevokeToken and GlobalSignOut across regions, through the AWS SDK's Cognito client:
 * what one region revokes, the other refuses once replicated, for refresh tokens, for
 * Cognate's own operations and at the authorizer (whose opt-in revocation check the local
 * stack switches on).
 */
@ExtendWith(SessionsTwoRegionTest.Stack.class)
class SessionsTwoRegionTest {
    private static LocalCognate stack;
    private static LocalRegion east;
    private static LocalRegion west;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            east = stack.regions().get(0);
            west = stack.regions().get(1);
        }
    }

    private static AuthenticationResultType refreshViaInitiateAuth(CognitoIdentityProviderClient client, String refreshToken) {
        return client.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", refreshToken))).authenticationResult();
    }

    private static AuthenticationResultType refresh(CognitoIdentityProviderClient client, String refreshToken) {
        return client.getTokensFromRefreshToken(b -> b.clientId(stack.clientId()).refreshToken(refreshToken))
                .authenticationResult();
    }

    @Test
    void getTokensFromRefreshTokenServesInBothRegions() {
        String username = Accounts.confirmedUser(stack);
        AuthenticationResultType signIn = Accounts.signIn(stack, east, username);
        // The refresh token's record has to reach the west before the west can honour it.
        Accounts.awaitReplicated(stack);
        try (var eastClient = TwoRegionStoryTest.cognito(east); var westClient = TwoRegionStoryTest.cognito(west)) {
            for (var client : new CognitoIdentityProviderClient[] {eastClient, westClient}) {
                AuthenticationResultType refreshed = refresh(client, signIn.refreshToken());
                assertThat(refreshed.accessToken()).isNotBlank().isNotEqualTo(signIn.accessToken());
                assertThat(refreshed.idToken()).isNotBlank();
                assertThat(refreshed.refreshToken()).isNull();
                assertThat(client.getUser(b -> b.accessToken(refreshed.accessToken())).username()).isEqualTo(username);
            }
        }
    }

    @Test
    void aRefreshTokenRevokedInOneRegionIsRefusedInTheOtherOnceReplicated() {
        String username = Accounts.confirmedUser(stack);
        AuthenticationResultType revokedSession = Accounts.signIn(stack, west, username);
        AuthenticationResultType otherSession = Accounts.signIn(stack, east, username);
        Accounts.awaitReplicated(stack);
        try (var eastClient = TwoRegionStoryTest.cognito(east); var westClient = TwoRegionStoryTest.cognito(west)) {
            String accessBefore = refreshViaInitiateAuth(westClient, revokedSession.refreshToken()).accessToken();
            eastClient.revokeToken(b -> b.clientId(stack.clientId()).token(revokedSession.refreshToken()));
            Accounts.awaitReplicated(stack);

            for (var client : new CognitoIdentityProviderClient[] {westClient, eastClient}) {
                assertThatThrownBy(() -> refreshViaInitiateAuth(client, revokedSession.refreshToken()))
                        .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Refresh Token has been revoked"));
                assertThatThrownBy(() -> refresh(client, revokedSession.refreshToken()))
                        .isInstanceOf(NotAuthorizedException.class);
                // Access tokens of the session, including those minted by refreshes, go with it.
                for (String access : new String[] {revokedSession.accessToken(), accessBefore}) {
                    assertThatThrownBy(() -> client.getUser(b -> b.accessToken(access)))
                            .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("Access Token has been revoked"));
                }
                // The user's other session is untouched.
                assertThat(client.getUser(b -> b.accessToken(otherSession.accessToken())).username()).isEqualTo(username);
                assertThat(refresh(client, otherSession.refreshToken()).accessToken()).isNotBlank();
            }
            for (LocalRegion region : stack.regions()) {
                assertThat(Accounts.get(region, LocalRegion.DEMO_WHOAMI, "Bearer " + revokedSession.accessToken()).statusCode())
                        .as(region.name()).isEqualTo(403);
                assertThat(Accounts.get(region, LocalRegion.DEMO_WHOAMI, "Bearer " + otherSession.accessToken()).statusCode())
                        .as(region.name()).isEqualTo(200);
            }
            // Revoking again, or a token nobody knows, is not an error (RFC 7009 §2.2).
            assertThatCode(() -> westClient.revokeToken(b -> b.clientId(stack.clientId()).token(revokedSession.refreshToken())))
                    .doesNotThrowAnyException();
            assertThatCode(() -> westClient.revokeToken(b -> b.clientId(stack.clientId()).token("no-such-token")))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void onlyRefreshTokensOfTheCallingClientCanBeRevoked() {
        String username = Accounts.confirmedUser(stack);
        AuthenticationResultType session = Accounts.signIn(stack, east, username);
        // The secondary must know the session first: an unknown token is no error (RFC 7009 §2.2).
        Accounts.awaitReplicated(stack);
        try (var client = TwoRegionStoryTest.cognito(west)) {
            assertThatThrownBy(() -> client.revokeToken(b -> b.clientId(stack.clientId()).token(session.accessToken())))
                    .isInstanceOf(UnsupportedTokenTypeException.class);
            assertThatThrownBy(() -> client.revokeToken(b -> b.clientId(stack.m2mClientId())
                    .clientSecret(stack.m2mClientSecret()).token(session.refreshToken())))
                    .isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> client.revokeToken(b -> b.clientId(stack.m2mClientId()).token(session.refreshToken())))
                    .isInstanceOf(UnauthorizedException.class);
            assertThat(refresh(client, session.refreshToken()).accessToken()).isNotBlank();
        }
    }

    @Test
    void aRefreshTokenRevokedBeforeItReplicatedStaysRevokedEverywhere() {
        String username = Accounts.confirmedUser(stack);
        AuthenticationResultType session;
        try (var eastClient = TwoRegionStoryTest.cognito(east); var westClient = TwoRegionStoryTest.cognito(west)) {
            stack.replication().pause();
            try {
                // Issued in the east, revoked in the west before the west has seen it.
                session = Accounts.signIn(eastClient, stack.clientId(), username);
                westClient.revokeToken(b -> b.clientId(stack.clientId()).token(session.refreshToken()));
            } finally {
                stack.replication().resume();
            }
            Accounts.awaitReplicated(stack);
            for (var client : new CognitoIdentityProviderClient[] {eastClient, westClient}) {
                assertThatThrownBy(() -> refresh(client, session.refreshToken()))
                        .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Refresh Token has been revoked"));
            }
        }
    }

    @Test
    void globalSignOutInTheSecondaryEndsEverySessionInBothRegions() {
        String username = Accounts.confirmedUser(stack);
        AuthenticationResultType atEast = Accounts.signIn(stack, east, username);
        AuthenticationResultType atWest = Accounts.signIn(stack, west, username);
        Accounts.awaitReplicated(stack);
        try (var eastClient = TwoRegionStoryTest.cognito(east); var westClient = TwoRegionStoryTest.cognito(west)) {
            westClient.globalSignOut(b -> b.accessToken(atWest.accessToken()));
            Accounts.awaitReplicated(stack);
            for (var client : new CognitoIdentityProviderClient[] {eastClient, westClient}) {
                for (AuthenticationResultType session : new AuthenticationResultType[] {atEast, atWest}) {
                    assertThatThrownBy(() -> client.getUser(b -> b.accessToken(session.accessToken())))
                            .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("Access Token has been revoked"));
                    assertThatThrownBy(() -> refreshViaInitiateAuth(client, session.refreshToken()))
                            .isInstanceOf(NotAuthorizedException.class);
                }
                assertThatThrownBy(() -> client.globalSignOut(b -> b.accessToken(atEast.accessToken())))
                        .isInstanceOf(NotAuthorizedException.class);
            }
            for (LocalRegion region : stack.regions()) {
                assertThat(Accounts.get(region, LocalRegion.DEMO_WHOAMI, "Bearer " + atEast.accessToken()).statusCode()).isEqualTo(403);
            }
            // Signing in again starts a new session, which both regions accept at once.
            AuthenticationResultType again = Accounts.signIn(eastClient, stack.clientId(), username);
            for (var client : new CognitoIdentityProviderClient[] {eastClient, westClient}) {
                assertThat(client.getUser(b -> b.accessToken(again.accessToken())).username()).isEqualTo(username);
            }
        }
    }
}
