package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.AppClient;
import io.cognate.domain.clients.ClientSecrets;
import io.cognate.bench.srp.CognitoSrpClient;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.local.events.Outbox;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminInitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/**
 * The Admin user operations through the AWS SDK's Cognito client built by
 * {@link PoolUsers#adminClient}: invitations and every status change at the primary, reads and
 * AdminInitiateAuth at the secondary, NEW_PASSWORD_REQUIRED answered in another region than it
 * was asked in, and the attacks: guessing a temporary password, replaying the challenge's
 * session, a disabled user's refresh in both regions, a taken username, a weak new password.
 */
@ExtendWith(AdminUsersTwoRegionTest.Stack.class)
class AdminUsersTwoRegionTest {
    private static final String NEW_PASSWORD = "Chosen-By-Me-7";
    private static LocalCognate stack;
    private static LocalRegion primary;
    private static LocalRegion secondary;
    private static CognitoIdentityProviderClient east;
    private static CognitoIdentityProviderClient west;
    private static CognitoIdentityProviderClient userAtEast;
    private static CognitoIdentityProviderClient userAtWest;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            primary = stack.regions().get(0);
            secondary = stack.regions().get(1);
        }
    }

    @BeforeAll
    static void clients() {
        east = PoolUsers.adminClient(stack, primary.endpoint(), primary.name());
        west = PoolUsers.adminClient(stack, secondary.endpoint(), secondary.name());
        userAtEast = TwoRegionStoryTest.cognito(primary);
        userAtWest = TwoRegionStoryTest.cognito(secondary);
    }

    @AfterAll
    static void closeClients() {
        east.close();
        west.close();
        userAtEast.close();
        userAtWest.close();
    }

    /** AdminCreateUser at the primary with the invitation sent; the temporary password the mail carried. */
    private static String invite(String username) {
        east.adminCreateUser(b -> b.userPoolId(stack.userPoolId()).username(username)
                .userAttributes(email(username)).desiredDeliveryMediums(DeliveryMediumType.EMAIL));
        Outbox.Entry mail = stack.outbox().entries().reversed().stream()
                .filter(entry -> entry.username().equals(username)).findFirst().orElseThrow();
        assertThat(mail.purpose()).isEqualTo("AdminCreateUser");
        SecretLedger.remember(mail.code());
        return mail.code();
    }

    private static AttributeType email(String username) {
        return AttributeType.builder().name("email").value(username + "@example.com").build();
    }

    private static AdminInitiateAuthResponse adminSignIn(CognitoIdentityProviderClient admin, String username,
                                                         String password) {
        SecretLedger.remember(password);
        return admin.adminInitiateAuth(b -> b.userPoolId(stack.userPoolId()).clientId(stack.clientId())
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password)));
    }

    private static AuthenticationResultType answerNewPassword(CognitoIdentityProviderClient admin, String username,
                                                              String session, String newPassword) {
        SecretLedger.remember(newPassword);
        return admin.adminRespondToAuthChallenge(b -> b.userPoolId(stack.userPoolId()).clientId(stack.clientId())
                .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED).session(session)
                .challengeResponses(Map.of("USERNAME", username, "NEW_PASSWORD", newPassword)))
                .authenticationResult();
    }

    private static AuthenticationResultType signIn(CognitoIdentityProviderClient client, String username,
                                                   String password) {
        SecretLedger.remember(password);
        return client.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password))).authenticationResult();
    }

    private static AuthenticationResultType refresh(CognitoIdentityProviderClient client, String refreshToken) {
        return client.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", refreshToken))).authenticationResult();
    }

    private static UserStatusType statusAt(CognitoIdentityProviderClient admin, String username) {
        return admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username)).userStatus();
    }

    @Test
    void anInvitedUserAsksAtTheSecondaryAndChoosesTheirPasswordAtThePrimaryOnce() {
        String username = Accounts.newUsername();
        AdminCreateUserResponse created = east.adminCreateUser(b -> b.userPoolId(stack.userPoolId()).username(username)
                .userAttributes(email(username)).desiredDeliveryMediums(DeliveryMediumType.EMAIL));
        assertThat(created.user().username()).isEqualTo(username);
        assertThat(created.user().userStatus()).isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
        assertThat(created.user().enabled()).isTrue();
        assertThat(created.user().attributes()).extracting(AttributeType::name).contains("sub", "email", "email_verified");
        assertThat(created.user().userCreateDate()).isNotNull();
        String temporary = stack.outbox().latestCodeFor(username).orElseThrow();
        SecretLedger.remember(temporary);
        Accounts.awaitReplicated(stack);
        assertThat(statusAt(west, username)).isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);

        AdminInitiateAuthResponse challenge = adminSignIn(west, username, temporary);
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
        assertThat(challenge.authenticationResult()).isNull();
        assertThat(challenge.challengeParameters()).containsEntry("USER_ID_FOR_SRP", username)
                .containsEntry("requiredAttributes", "[]")
                .containsEntry("userAttributes", "{\"email\":\"" + username + "@example.com\",\"email_verified\":\"false\"}");
        // Not answerable where the region does not lead: the password write is fenced.
        assertThatThrownBy(() -> answerNewPassword(west, username, challenge.session(), NEW_PASSWORD))
                .isInstanceOf(OperationNotEnabledException.class);
        assertThatThrownBy(() -> answerNewPassword(east, username, challenge.session(), "weakpassword"))
                .isInstanceOf(InvalidPasswordException.class);

        AuthenticationResultType tokens = answerNewPassword(east, username, challenge.session(), NEW_PASSWORD);
        assertThat(tokens.accessToken()).isNotBlank();
        assertThat(userAtEast.getUser(b -> b.accessToken(tokens.accessToken())).username()).isEqualTo(username);
        // The session worked once.
        assertThatThrownBy(() -> answerNewPassword(east, username, challenge.session(), "Another-Choice-8"))
                .isInstanceOf(NotAuthorizedException.class);

        Accounts.awaitReplicated(stack);
        assertThat(statusAt(west, username)).isEqualTo(UserStatusType.CONFIRMED);
        AuthenticationResultType atWest = adminSignIn(west, username, NEW_PASSWORD).authenticationResult();
        assertThat(west.adminInitiateAuth(b -> b.userPoolId(stack.userPoolId()).clientId(stack.clientId())
                .authFlow(AuthFlowType.ADMIN_NO_SRP_AUTH).authParameters(Map.of("USERNAME", username,
                        "PASSWORD", NEW_PASSWORD))).authenticationResult().idToken()).as("the legacy name").isNotBlank();
        assertThat(atWest.refreshToken()).isNotBlank();
        assertThat(west.adminInitiateAuth(b -> b.userPoolId(stack.userPoolId()).clientId(stack.clientId())
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", atWest.refreshToken())))
                .authenticationResult().accessToken()).isNotBlank();
        assertThatThrownBy(() -> signIn(userAtWest, username, temporary)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void thePublicSignInOfAnInvitedUserAsksForANewPasswordToo() {
        String username = Accounts.newUsername();
        String temporary = invite(username);
        var challenge = userAtEast.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", temporary)));
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);

        var tokens = userAtEast.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED).session(challenge.session())
                .challengeResponses(Map.of("USERNAME", username, "NEW_PASSWORD", NEW_PASSWORD,
                        "userAttributes.name", "Invited Person"))).authenticationResult();

        assertThat(tokens.idToken()).isNotBlank();
        assertThat(east.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username)).userAttributes())
                .contains(AttributeType.builder().name("name").value("Invited Person").build());
    }

    @Test
    void aConfidentialClientSignsInServerSideOnlyWithItsSecretHashAndOnlyIfItAllowsTheAdminFlow() {
        var services = primary.services();
        String confidential = "adm" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        var newSecret = services.clientSecrets().newSecret(confidential);
        services.directory().putClient(new AppClient(confidential, "server-side admin app",
                Set.of(AppClient.ALLOW_ADMIN_USER_PASSWORD_AUTH, AppClient.ALLOW_REFRESH_TOKEN_AUTH),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30)).withSecret(newSecret.stored()),
                services.leaders().current().orElseThrow());
        String username = Accounts.newUsername();
        String temporary = invite(username);
        Accounts.awaitReplicated(stack);
        String hash = ClientSecrets.secretHash(newSecret.plaintext(), username, confidential);

        assertThatThrownBy(() -> west.adminInitiateAuth(b -> b.userPoolId(stack.userPoolId()).clientId(confidential)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", temporary))))
                .isInstanceOf(NotAuthorizedException.class);
        var challenge = west.adminInitiateAuth(b -> b.userPoolId(stack.userPoolId()).clientId(confidential)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", temporary, "SECRET_HASH", hash)));
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
        assertThatThrownBy(() -> east.adminRespondToAuthChallenge(b -> b.userPoolId(stack.userPoolId())
                .clientId(confidential).challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED).session(challenge.session())
                .challengeResponses(Map.of("USERNAME", username, "NEW_PASSWORD", NEW_PASSWORD))))
                .isInstanceOf(NotAuthorizedException.class);
        assertThat(east.adminRespondToAuthChallenge(b -> b.userPoolId(stack.userPoolId()).clientId(confidential)
                .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED).session(challenge.session())
                .challengeResponses(Map.of("USERNAME", username, "NEW_PASSWORD", NEW_PASSWORD, "SECRET_HASH", hash)))
                .authenticationResult().accessToken()).isNotBlank();
        // AdminInitiateAuth takes the server-side flows, not the browser's USER_PASSWORD_AUTH.
        assertThatThrownBy(() -> east.adminInitiateAuth(b -> b.userPoolId(stack.userPoolId()).clientId(confidential)
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", NEW_PASSWORD, "SECRET_HASH", hash))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aClientThatDoesNotAllowTheAdminFlowIsRefusedIt() {
        var services = primary.services();
        String publicOnly = "pub" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        services.directory().putClient(new AppClient(publicOnly, "browser app", Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30)), services.leaders().current().orElseThrow());
        String username = Accounts.confirmedUser(stack);

        assertThatThrownBy(() -> east.adminInitiateAuth(b -> b.userPoolId(stack.userPoolId()).clientId(publicOnly)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", Accounts.PASSWORD))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> east.adminInitiateAuth(b -> b.userPoolId("us-east-1_Elsewhere").clientId(stack.clientId())
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", Accounts.PASSWORD))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void anSrpSignInWithTheTemporaryPasswordIsAskedForANewOneToo() {
        String username = Accounts.newUsername();
        String temporary = invite(username);
        Accounts.awaitReplicated(stack);
        var srp = new CognitoSrpClient(stack.userPoolId(), new java.security.SecureRandom());
        var asked = west.adminInitiateAuth(b -> b.userPoolId(stack.userPoolId()).clientId(stack.clientId())
                .authFlow(AuthFlowType.USER_SRP_AUTH).authParameters(Map.of("USERNAME", username, "SRP_A", srp.srpA())))
                .challengeParameters();
        String userId = asked.get("USER_ID_FOR_SRP");
        String timestamp = CognitoSrpClient.timestamp(java.time.Instant.now());
        String signature = srp.signature(userId, temporary, asked.get("SALT"), asked.get("SRP_B"),
                asked.get("SECRET_BLOCK"), timestamp);

        var challenge = west.adminRespondToAuthChallenge(b -> b.userPoolId(stack.userPoolId()).clientId(stack.clientId())
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).challengeResponses(Map.of("USERNAME", userId,
                        "PASSWORD_CLAIM_SECRET_BLOCK", asked.get("SECRET_BLOCK"), "TIMESTAMP", timestamp,
                        "PASSWORD_CLAIM_SIGNATURE", signature)));

        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
        assertThat(answerNewPassword(east, username, challenge.session(), NEW_PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    void guessingATemporaryPasswordLocksTheAccountLikeAnyPassword() {
        String username = Accounts.newUsername();
        String temporary = invite(username);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> adminSignIn(east, username, "Guessed-Temp-" + Math.random()))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Incorrect username or password.");
        }

        assertThatThrownBy(() -> adminSignIn(east, username, temporary))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Password attempts exceeded");
        assertThatThrownBy(() -> signIn(userAtEast, username, temporary))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Password attempts exceeded");
    }

    @Test
    void aTakenUsernameAnotherPoolAnUnknownUserAndSmsAreRefusedAsCognitoRefusesThem() {
        String username = Accounts.newUsername();
        invite(username);

        assertThatThrownBy(() -> east.adminCreateUser(b -> b.userPoolId(stack.userPoolId()).username(username)
                .userAttributes(email(username)))).isInstanceOf(UsernameExistsException.class);
        assertThatThrownBy(() -> east.adminGetUser(b -> b.userPoolId("us-east-1_Elsewhere").username(username)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> west.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username("nobody-" + username)))
                .isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> east.adminCreateUser(b -> b.userPoolId(stack.userPoolId()).username("sms-" + username)
                .userAttributes(email(username)).desiredDeliveryMediums(DeliveryMediumType.SMS)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> east.adminCreateUser(b -> b.userPoolId(stack.userPoolId()).username("sub-" + username)
                .userAttributes(email(username), AttributeType.builder().name("sub").value("chosen").build())))
                .isInstanceOf(InvalidParameterException.class);
        // Writes are the leader's.
        assertThatThrownBy(() -> west.adminCreateUser(b -> b.userPoolId(stack.userPoolId()).username("west-" + username)
                .userAttributes(email(username)).messageAction(MessageActionType.SUPPRESS)))
                .isInstanceOf(OperationNotEnabledException.class);
    }

    @Test
    void aDisabledUsersRefreshTokensStopInBothRegionsAndOnlyTheRightPasswordHearsWhy() {
        String username = Accounts.confirmedUser(stack);
        String atEast = signIn(userAtEast, username, Accounts.PASSWORD).refreshToken();
        String atWest = signIn(userAtWest, username, Accounts.PASSWORD).refreshToken();

        east.adminDisableUser(b -> b.userPoolId(stack.userPoolId()).username(username));
        Accounts.awaitReplicated(stack);

        assertThatThrownBy(() -> refresh(userAtEast, atEast)).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> refresh(userAtWest, atWest)).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> signIn(userAtWest, username, Accounts.PASSWORD))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("User is disabled.");
        assertThatThrownBy(() -> signIn(userAtWest, username, "Not-Her-Password-1"))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Incorrect username or password.");
        assertThat(west.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username)).enabled()).isFalse();

        east.adminEnableUser(b -> b.userPoolId(stack.userPoolId()).username(username));
        Accounts.awaitReplicated(stack);
        assertThat(signIn(userAtWest, username, Accounts.PASSWORD).accessToken()).isNotBlank();
        // Disabling ended the sessions the user had: enabling again does not bring them back.
        assertThatThrownBy(() -> refresh(userAtEast, atEast)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void anAdministratorConfirmsSetsResetsEditsSignsOutAndDeletesAUser() {
        String username = Accounts.newUsername();
        userAtEast.signUp(b -> b.clientId(stack.clientId()).username(username).password(Accounts.PASSWORD)
                .userAttributes(email(username)));
        String pool = stack.userPoolId();
        assertThat(statusAt(east, username)).isEqualTo(UserStatusType.UNCONFIRMED);

        east.adminConfirmSignUp(b -> b.userPoolId(pool).username(username));
        assertThat(statusAt(east, username)).isEqualTo(UserStatusType.CONFIRMED);
        assertThatThrownBy(() -> east.adminConfirmSignUp(b -> b.userPoolId(pool).username(username)))
                .isInstanceOf(NotAuthorizedException.class);

        east.adminSetUserPassword(b -> b.userPoolId(pool).username(username).password("Set-By-Admin-3").permanent(true));
        SecretLedger.remember("Set-By-Admin-3");
        String refreshToken = signIn(userAtEast, username, "Set-By-Admin-3").refreshToken();

        east.adminUpdateUserAttributes(b -> b.userPoolId(pool).username(username).userAttributes(
                AttributeType.builder().name("email_verified").value("true").build(),
                AttributeType.builder().name("name").value("Named By Admin").build()));
        var attributes = east.adminGetUser(b -> b.userPoolId(pool).username(username)).userAttributes();
        assertThat(attributes).contains(AttributeType.builder().name("email_verified").value("true").build(),
                AttributeType.builder().name("name").value("Named By Admin").build());
        east.adminDeleteUserAttributes(b -> b.userPoolId(pool).username(username).userAttributeNames("name"));
        assertThat(east.adminGetUser(b -> b.userPoolId(pool).username(username)).userAttributes())
                .extracting(AttributeType::name).doesNotContain("name");

        east.adminSetUserMFAPreference(b -> b.userPoolId(pool).username(username)
                .softwareTokenMfaSettings(s -> s.enabled(false)));
        assertThatThrownBy(() -> east.adminSetUserMFAPreference(b -> b.userPoolId(pool).username(username)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true))))
                .isInstanceOf(InvalidParameterException.class);

        east.adminUserGlobalSignOut(b -> b.userPoolId(pool).username(username));
        Accounts.awaitReplicated(stack);
        assertThatThrownBy(() -> refresh(userAtWest, refreshToken)).isInstanceOf(NotAuthorizedException.class);

        east.adminResetUserPassword(b -> b.userPoolId(pool).username(username));
        assertThat(statusAt(east, username)).isEqualTo(UserStatusType.RESET_REQUIRED);
        assertThatThrownBy(() -> signIn(userAtEast, username, "Set-By-Admin-3"))
                .isInstanceOf(PasswordResetRequiredException.class);
        String code = stack.outbox().latestCodeFor(username).orElseThrow();
        userAtEast.confirmForgotPassword(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code)
                .password("After-Reset-4"));
        SecretLedger.remember("After-Reset-4");
        assertThat(signIn(userAtEast, username, "After-Reset-4").accessToken()).isNotBlank();

        east.adminSetUserPassword(b -> b.userPoolId(pool).username(username).password("Temporary-Again-5").permanent(false));
        SecretLedger.remember("Temporary-Again-5");
        assertThat(adminSignIn(east, username, "Temporary-Again-5").challengeName())
                .isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
        assertThatThrownBy(() -> east.adminSetUserPassword(b -> b.userPoolId(pool).username(username).password("weak")
                .permanent(true))).isInstanceOf(InvalidPasswordException.class);

        east.adminDeleteUser(b -> b.userPoolId(pool).username(username));
        assertThatThrownBy(() -> east.adminGetUser(b -> b.userPoolId(pool).username(username)))
                .isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> east.adminDeleteUser(b -> b.userPoolId(pool).username(username)))
                .isInstanceOf(UserNotFoundException.class);
    }
}
