package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.AppClient;
import io.cognate.domain.pool.PoolSettingsSource;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.local.LocalRegion;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RecoveryOptionNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RecoveryOptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnsupportedOperationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UpdateUserPoolRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * The pool's settings changed through the AWS SDK's Cognito client, signed with the stack's admin
 * key: UpdateUserPool at the primary reaches the secondary's SignUp and DescribeUserPool once
 * replicated and past the settings' cache; the secondary refuses changes while the primary leads;
 * AddCustomAttributes makes SignUp check custom values; changes made at once lose none. The class
 * runs its own stack: a password policy and a closed custom-attribute schema are pool-wide, and
 * would change what the shared stack's other test classes expect.
 */
class PoolSettingsTwoRegionTest {
    /** 15 characters with every kind Cognito's default policy asks for. */
    private static final String FIFTEEN_CHARACTERS = "Correct-Horse-9";
    /** 23 characters: passes every policy these tests set. */
    private static final String LONG_PASSWORD = "Correct-Horse-Battery-9";

    private static LocalCognate stack;
    private static LocalRegion primary;
    private static LocalRegion secondary;
    private static CognitoIdentityProviderClient adminAtPrimary;
    private static CognitoIdentityProviderClient adminAtSecondary;
    private static CognitoIdentityProviderClient usersAtPrimary;
    private static CognitoIdentityProviderClient usersAtSecondary;

    @BeforeAll
    static void ownStack() {
        stack = LocalCognate.start(LocalOptions.ephemeral(), new PrintStream(OutputStream.nullOutputStream()));
        // It checks that a secondary refuses pool changes: regions not linked for write forwarding.
        stack.linkRegionsForWriteForwarding(false);
        primary = stack.regions().get(0);
        secondary = stack.regions().get(1);
        adminAtPrimary = PoolUsers.adminClient(stack, primary.endpoint(), primary.name());
        adminAtSecondary = PoolUsers.adminClient(stack, secondary.endpoint(), secondary.name());
        usersAtPrimary = PoolUsers.client(primary.endpoint(), primary.name());
        usersAtSecondary = PoolUsers.client(secondary.endpoint(), secondary.name());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {adminAtPrimary, adminAtSecondary, usersAtPrimary,
                usersAtSecondary, stack}) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing the rest matters more
            }
        }
    }

    private static UpdateUserPoolRequest minimumLength(int length) {
        return UpdateUserPoolRequest.builder().userPoolId(stack.userPoolId())
                .policies(p -> p.passwordPolicy(pp -> pp.minimumLength(length).requireUppercase(true)
                        .requireLowercase(true).requireNumbers(true).requireSymbols(true)))
                .mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .autoVerifiedAttributes(List.of(VerifiedAttributeType.EMAIL))
                .build();
    }

    private static void signUp(CognitoIdentityProviderClient client, String clientId, String password,
                               AttributeType... extra) {
        String username = PoolUsers.newUsername();
        var attributes = new ArrayList<AttributeType>();
        attributes.add(AttributeType.builder().name("email").value(username + "@example.com").build());
        attributes.addAll(List.of(extra));
        client.signUp(b -> b.clientId(clientId).username(username).password(password).userAttributes(attributes));
    }

    /** Replication drained, then every cached copy read before it is past its time. */
    private static void awaitEveryRegionSeesTheSettings() throws InterruptedException {
        Accounts.awaitReplicated(stack);
        Thread.sleep(PoolSettingsSource.FRESH_FOR.plus(Duration.ofMillis(100)).toMillis());
    }

    private static UserPoolType describe(CognitoIdentityProviderClient admin) {
        return admin.describeUserPool(b -> b.userPoolId(stack.userPoolId())).userPool();
    }

    @Test
    void aPolicyChangedAtThePrimaryRefusesPasswordsAtTheSecondaryAndBothDescribeIt() throws Exception {
        // Under the default policy the password passes, and the secondary refuses the write itself.
        assertThatThrownBy(() -> signUp(usersAtSecondary, stack.clientId(), FIFTEEN_CHARACTERS))
                .isInstanceOf(OperationNotEnabledException.class);

        adminAtPrimary.updateUserPool(minimumLength(16));
        awaitEveryRegionSeesTheSettings();

        assertThatThrownBy(() -> signUp(usersAtSecondary, stack.clientId(), FIFTEEN_CHARACTERS))
                .isInstanceOfSatisfying(InvalidPasswordException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Password did not conform with policy: Password not long enough"));
        assertThatThrownBy(() -> signUp(usersAtPrimary, stack.clientId(), FIFTEEN_CHARACTERS))
                .isInstanceOf(InvalidPasswordException.class);
        for (CognitoIdentityProviderClient admin : List.of(adminAtPrimary, adminAtSecondary)) {
            UserPoolType described = describe(admin);
            assertThat(described.id()).isEqualTo(stack.userPoolId());
            assertThat(described.policies().passwordPolicy().minimumLength()).isEqualTo(16);
            assertThat(described.policies().passwordPolicy().temporaryPasswordValidityDays()).isEqualTo(7);
            assertThat(described.mfaConfiguration()).isEqualTo(UserPoolMfaType.OPTIONAL);
            assertThat(described.lastModifiedDate()).isNotNull();
            assertThat(described.schemaAttributes()).extracting(SchemaAttributeType::name)
                    .contains("sub", "email", "email_verified", "updated_at");
        }
        assertThat(describe(adminAtSecondary).lastModifiedDate()).isEqualTo(describe(adminAtPrimary).lastModifiedDate());

        adminAtPrimary.updateUserPool(minimumLength(8));
        awaitEveryRegionSeesTheSettings();
        assertThatThrownBy(() -> signUp(usersAtSecondary, stack.clientId(), FIFTEEN_CHARACTERS))
                .isInstanceOf(OperationNotEnabledException.class);
    }

    @Test
    void mfaConfiguredOnAtRunTimeAsksEveryUserToSetUpASecondFactor() {
        String username = PoolUsers.newUsername();
        usersAtPrimary.signUp(b -> b.clientId(stack.clientId()).username(username).password(LONG_PASSWORD)
                .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
        usersAtPrimary.confirmSignUp(b -> b.clientId(stack.clientId()).username(username)
                .confirmationCode(stack.outbox().latestCodeFor(username).orElseThrow()));
        var signIn = InitiateAuthRequest.builder().clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", LONG_PASSWORD)).build();
        assertThat(usersAtPrimary.initiateAuth(signIn).authenticationResult()).isNotNull();

        adminAtPrimary.updateUserPool(minimumLength(8).toBuilder().mfaConfiguration(UserPoolMfaType.ON).build());
        try {
            var challenged = usersAtPrimary.initiateAuth(signIn);
            assertThat(challenged.challengeName()).isEqualTo(ChallengeNameType.MFA_SETUP);
            assertThat(challenged.authenticationResult()).isNull();
        } finally {
            adminAtPrimary.updateUserPool(minimumLength(8));
        }
        assertThat(usersAtPrimary.initiateAuth(signIn).authenticationResult()).isNotNull();
    }

    /** A new user, signed up and confirmed with the code sent: the username. */
    private static String confirmedUser() {
        String username = PoolUsers.newUsername();
        usersAtPrimary.signUp(b -> b.clientId(stack.clientId()).username(username).password(LONG_PASSWORD)
                .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
        usersAtPrimary.confirmSignUp(b -> b.clientId(stack.clientId()).username(username)
                .confirmationCode(stack.outbox().latestCodeFor(username).orElseThrow()));
        return username;
    }

    @Test
    void adminOnlyRecoveryRefusesForgotPasswordToKnownAndUnknownUsersAlike() {
        String known = confirmedUser();
        String unknown = PoolUsers.newUsername();
        adminAtPrimary.updateUserPool(minimumLength(8).toBuilder().accountRecoverySetting(r -> r.recoveryMechanisms(
                RecoveryOptionType.builder().name(RecoveryOptionNameType.ADMIN_ONLY).priority(1).build())).build());
        try {
            assertThat(describe(adminAtPrimary).accountRecoverySetting().recoveryMechanisms())
                    .extracting(RecoveryOptionType::name).containsExactly(RecoveryOptionNameType.ADMIN_ONLY);
            for (String username : List.of(known, unknown)) {
                assertThatThrownBy(() -> usersAtPrimary.forgotPassword(b -> b.clientId(stack.clientId()).username(username)))
                        .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails()
                                .errorMessage()).isEqualTo("Contact administrator to reset password."));
            }
            assertThat(stack.outbox().latestFor(known, "ForgotPassword")).isEmpty();
        } finally {
            adminAtPrimary.updateUserPool(minimumLength(8));
        }

        usersAtPrimary.forgotPassword(b -> b.clientId(stack.clientId()).username(known));
        assertThat(stack.outbox().latestFor(known, "ForgotPassword")).isPresent();
    }

    @Test
    void withoutEmailAutoVerificationSignUpSendsNoCodeUntilAnAdministratorConfirms() {
        String username = PoolUsers.newUsername();
        adminAtPrimary.updateUserPool(minimumLength(8).toBuilder().autoVerifiedAttributes(List.of()).build());
        try {
            SignUpResponse signedUp = usersAtPrimary.signUp(b -> b.clientId(stack.clientId()).username(username)
                    .password(LONG_PASSWORD)
                    .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));

            assertThat(signedUp.userConfirmed()).isFalse();
            assertThat(signedUp.codeDeliveryDetails()).isNull();
            assertThat(stack.outbox().latestCodeFor(username)).isEmpty();
            for (String name : List.of(username, PoolUsers.newUsername())) {
                assertThatThrownBy(() -> usersAtPrimary.resendConfirmationCode(b -> b.clientId(stack.clientId())
                        .username(name))).isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("Cannot resend codes. Auto verification not turned on."));
            }
            adminAtPrimary.adminConfirmSignUp(b -> b.userPoolId(stack.userPoolId()).username(username));
        } finally {
            adminAtPrimary.updateUserPool(minimumLength(8));
        }

        var signIn = InitiateAuthRequest.builder().clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", LONG_PASSWORD)).build();
        assertThat(usersAtPrimary.initiateAuth(signIn).authenticationResult()).isNotNull();
    }

    @Test
    void anEmailChangeWaitsForItsCodeOnlyWhileThePoolRequiresVerificationBeforeUpdate() {
        String username = confirmedUser();
        String accessToken = usersAtPrimary.initiateAuth(b -> b.clientId(stack.clientId())
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", LONG_PASSWORD)))
                .authenticationResult().accessToken();
        adminAtPrimary.updateUserPool(minimumLength(8).toBuilder().userAttributeUpdateSettings(u -> u
                .attributesRequireVerificationBeforeUpdate(VerifiedAttributeType.EMAIL)).build());
        try {
            usersAtPrimary.updateUserAttributes(b -> b.accessToken(accessToken).userAttributes(
                    AttributeType.builder().name("email").value("kept-" + username + "@example.com").build()));
            assertThat(emailOf(accessToken)).containsEntry("email", username + "@example.com")
                    .containsEntry("email_verified", "true");
        } finally {
            adminAtPrimary.updateUserPool(minimumLength(8));
        }

        // Without email in AttributesRequireVerificationBeforeUpdate: in force at once, unverified, and a code to verify it.
        usersAtPrimary.updateUserAttributes(b -> b.accessToken(accessToken).userAttributes(
                AttributeType.builder().name("email").value("now-" + username + "@example.com").build()));
        assertThat(emailOf(accessToken)).containsEntry("email", "now-" + username + "@example.com")
                .containsEntry("email_verified", "false");
        usersAtPrimary.verifyUserAttribute(b -> b.accessToken(accessToken).attributeName("email")
                .code(stack.outbox().latestCodeFor(username).orElseThrow()));
        assertThat(emailOf(accessToken)).containsEntry("email", "now-" + username + "@example.com")
                .containsEntry("email_verified", "true");
    }

    private static Map<String, String> emailOf(String accessToken) {
        var attributes = new java.util.HashMap<String, String>();
        usersAtPrimary.getUser(b -> b.accessToken(accessToken)).userAttributes()
                .forEach(a -> attributes.put(a.name(), a.value()));
        return attributes;
    }

    @Test
    void revokeTokenIsRefusedForAClientWithTokenRevocationTurnedOff() {
        String username = confirmedUser();
        String clientId = adminAtPrimary.createUserPoolClient(b -> b.userPoolId(stack.userPoolId())
                .clientName("no revocation").enableTokenRevocation(false).explicitAuthFlows(
                        ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .userPoolClient().clientId();
        String refreshToken = usersAtPrimary.initiateAuth(b -> b.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", LONG_PASSWORD)))
                .authenticationResult().refreshToken();

        assertThatThrownBy(() -> usersAtPrimary.revokeToken(b -> b.clientId(clientId).token(refreshToken)))
                .isInstanceOfSatisfying(UnsupportedOperationException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).isEqualTo("Token revocation isn't enabled for this app client."));
    }

    @Test
    void theSecondaryRefusesChangesWhileThePrimaryLeads() {
        long before = primary.services().poolSettings().fresh().version();

        assertThatThrownBy(() -> adminAtSecondary.updateUserPool(minimumLength(30)))
                .isInstanceOfSatisfying(OperationNotEnabledException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).contains("read-only replica"));
        assertThatThrownBy(() -> adminAtSecondary.addCustomAttributes(b -> b.userPoolId(stack.userPoolId())
                .customAttributes(SchemaAttributeType.builder().name("refused").attributeDataType(AttributeDataType.STRING)
                        .build()))).isInstanceOf(OperationNotEnabledException.class);
        assertThat(primary.services().poolSettings().fresh().version()).isEqualTo(before);
        assertThatThrownBy(() -> adminAtPrimary.describeUserPool(b -> b.userPoolId("us-east-1_NotThisPool")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void whatDescribeUserPoolAnswersUpdatesThePoolUnchangedAndDeleteUserPoolIsRefused() {
        UserPoolType described = describe(adminAtPrimary);
        long before = primary.services().poolSettings().fresh().version();

        // The way Cognito asks callers to change one setting: describe, edit, send everything back.
        adminAtPrimary.updateUserPool(b -> b.userPoolId(described.id()).policies(described.policies())
                .deletionProtection(described.deletionProtection()).lambdaConfig(described.lambdaConfig())
                .autoVerifiedAttributes(described.autoVerifiedAttributes()).mfaConfiguration(described.mfaConfiguration())
                .adminCreateUserConfig(described.adminCreateUserConfig())
                .accountRecoverySetting(described.accountRecoverySetting())
                .userAttributeUpdateSettings(described.userAttributeUpdateSettings()));

        UserPoolType after = describe(adminAtPrimary);
        assertThat(primary.services().poolSettings().fresh().version()).isEqualTo(before + 1);
        assertThat(after.toBuilder().lastModifiedDate(null).creationDate(null).build())
                .isEqualTo(described.toBuilder().lastModifiedDate(null).creationDate(null).build());
        assertThatThrownBy(() -> adminAtPrimary.updateUserPool(b -> b.userPoolId(stack.userPoolId())
                .mfaConfiguration(UserPoolMfaType.OPTIONAL).verificationMessageTemplate(v -> v.emailSubject("Your code"))))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("VerificationMessageTemplate cannot be set in this user pool."));
        assertThatThrownBy(() -> adminAtPrimary.deleteUserPool(b -> b.userPoolId(stack.userPoolId())))
                .isInstanceOfSatisfying(CognitoIdentityProviderException.class, e -> assertThat(e.awsErrorDetails()
                        .errorCode()).isEqualTo("UnsupportedOperationException"));
        assertThat(primary.services().poolSettings().fresh().version()).isEqualTo(before + 1);
    }

    @Test
    void aCustomAttributeAddedAtThePrimaryIsCheckedOnSignUp() throws Exception {
        String name = "plan" + UUID.randomUUID().toString().substring(0, 6);
        String clientId = "plans" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        var services = primary.services();
        services.directory().putClient(new AppClient(clientId, "plans app", Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30)).withAttributes(
                Set.of("email", "email_verified", "custom:" + name), Set.of("email", "custom:" + name, "custom:other")),
                services.leaders().current().orElseThrow());

        adminAtPrimary.addCustomAttributes(b -> b.userPoolId(stack.userPoolId()).customAttributes(SchemaAttributeType.builder()
                .name(name).attributeDataType(AttributeDataType.STRING).mutable(true)
                .stringAttributeConstraints(c -> c.minLength("1").maxLength("5")).build()));

        assertThatThrownBy(() -> signUp(usersAtPrimary, clientId, LONG_PASSWORD,
                AttributeType.builder().name("custom:" + name).value("enterprise").build()))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Attributes did not conform to the schema: custom:" + name
                                + ": String must be no longer than 5 characters"));
        assertThatThrownBy(() -> signUp(usersAtPrimary, clientId, LONG_PASSWORD,
                AttributeType.builder().name("custom:other").value("x").build()))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("Type for attribute {custom:other} could not be determined"));
        signUp(usersAtPrimary, clientId, LONG_PASSWORD, AttributeType.builder().name("custom:" + name).value("pro").build());
        assertThatThrownBy(() -> adminAtPrimary.addCustomAttributes(b -> b.userPoolId(stack.userPoolId())
                .customAttributes(SchemaAttributeType.builder().name(name).attributeDataType(AttributeDataType.NUMBER)
                        .build()))).isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
                e.awsErrorDetails().errorMessage()).isEqualTo("Existing attribute already has name custom:" + name + "."));

        Accounts.awaitReplicated(stack);
        SchemaAttributeType described = describe(adminAtSecondary).schemaAttributes().stream()
                .filter(a -> a.name().equals("custom:" + name)).findFirst().orElseThrow();
        assertThat(described.attributeDataType()).isEqualTo(AttributeDataType.STRING);
        assertThat(described.stringAttributeConstraints().maxLength()).isEqualTo("5");
    }

    @Test
    void changesMadeAtOnceLoseNone() throws Exception {
        long before = primary.services().poolSettings().fresh().version();
        String first = "a" + UUID.randomUUID().toString().substring(0, 6);
        String second = "b" + UUID.randomUUID().toString().substring(0, 6);
        List<Callable<Object>> changes = List.of(
                () -> adminAtPrimary.updateUserPool(minimumLength(10)),
                () -> adminAtPrimary.updateUserPool(minimumLength(12)),
                () -> adminAtPrimary.addCustomAttributes(b -> b.userPoolId(stack.userPoolId()).customAttributes(
                        SchemaAttributeType.builder().name(first).attributeDataType(AttributeDataType.STRING).build())),
                () -> adminAtPrimary.addCustomAttributes(b -> b.userPoolId(stack.userPoolId()).customAttributes(
                        SchemaAttributeType.builder().name(second).attributeDataType(AttributeDataType.NUMBER).build())));
        ExecutorService pool = Executors.newFixedThreadPool(changes.size());
        try {
            for (Future<Object> done : pool.invokeAll(changes)) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }

        var stored = primary.services().poolSettings().fresh();
        // Each change committed once, on top of the others: four versions, nothing overwritten.
        assertThat(stored.version()).isEqualTo(before + changes.size());
        assertThat(stored.customAttributes()).extracting(a -> a.name()).contains("custom:" + first, "custom:" + second);
        assertThat(stored.password().minimumLength()).isIn(10, 12);
    }
}
