package io.cognate.domain.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.UserAttributes;
import io.cognate.domain.WriteFence;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.ports.PoolSettingsStore;
import io.cognate.testing.InMemoryRegion;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pool's settings through the in-memory region: a change takes effect on SignUp,
 * ChangePassword and ConfirmForgotPassword, the custom-attribute schema on SignUp and
 * UpdateUserAttributes, and no change is lost to another made at the same time.
 */
class PoolAdministrationTest {
    private static final String POOL = InMemoryRegion.USER_POOL_ID;
    private static final String SHORT_LOWER_CASE = "lowercase-only";

    private final InMemoryRegion region = InMemoryRegion.builder().mfa(MfaConfiguration.OPTIONAL).build();
    private final PoolAdministration pool = region.poolAdministration();

    private static PoolUpdate lenientPasswords(int minimumLength) {
        return new PoolUpdate(Optional.empty(), new PasswordRequirements(minimumLength, false, false, false, false, 7),
                MfaConfiguration.OPTIONAL, List.of("email"), List.of(new RecoveryMechanism(1, "verified_email")),
                DeletionProtection.INACTIVE, false, 7, List.of("email"));
    }

    private static PoolUpdate strictPasswords(int minimumLength) {
        return new PoolUpdate(Optional.empty(), new PasswordRequirements(minimumLength, true, true, true, true, 7),
                MfaConfiguration.OPTIONAL, List.of("email"), List.of(), DeletionProtection.INACTIVE, false, 7, List.of());
    }

    private static void refusedAs(Runnable call, String type, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CognitoException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void aNewPasswordPolicyTakesEffectOnSignUpAtOnce() {
        refusedAs(() -> region.signUp("ada", SHORT_LOWER_CASE, "ada@example.com"), "InvalidPasswordException",
                "Password must have uppercase characters");

        PoolSettings stored = pool.update(POOL, lenientPasswords(6));

        assertThat(stored.version()).isEqualTo(1);
        assertThatCode(() -> region.signUp("ada", SHORT_LOWER_CASE, "ada@example.com")).doesNotThrowAnyException();
        pool.update(POOL, strictPasswords(20));
        refusedAs(() -> region.signUp("bob", "Correct-Horse-9", "bob@example.com"), "InvalidPasswordException",
                "Password not long enough");
        assertThat(pool.describe(POOL).password().minimumLength()).isEqualTo(20);
        assertThat(pool.describe(POOL).version()).isEqualTo(2);
    }

    @Test
    void changePasswordAndConfirmForgotPasswordFollowThePolicyToo() {
        region.signUpConfirmed("ada", "Correct-Horse-9", "ada@example.com");
        String accessToken = region.signIn("ada", "Correct-Horse-9").accessToken();
        pool.update(POOL, strictPasswords(20));

        refusedAs(() -> region.accountService().changePassword(accessToken, "Correct-Horse-9", "Correct-Horse-10"),
                "InvalidPasswordException", "Password not long enough");
        refusedAs(() -> region.accountService().confirmForgotPassword(InMemoryRegion.CLIENT_ID, "ada", "123456",
                "Correct-Horse-10"), "InvalidPasswordException", "Password not long enough");
        assertThatCode(() -> region.accountService().changePassword(accessToken, "Correct-Horse-9",
                "Correct-Horse-Battery-Staple-9")).doesNotThrowAnyException();
    }

    @Test
    void anotherRegionSeesAChangeOnlyOnceItsCachedCopyIsOlderThanFreshFor() {
        PoolSettingsSource elsewhere = new PoolSettingsSource(region.poolSettingsStore(),
                PoolSettings.initial(POOL, MfaConfiguration.OPTIONAL), region.clock());
        assertThat(elsewhere.current().version()).isZero();

        pool.update(POOL, strictPasswords(20));
        assertThat(elsewhere.current().version()).as("served from memory").isZero();
        region.clock().advance(PoolSettingsSource.FRESH_FOR.minusMillis(1));
        assertThat(elsewhere.current().version()).isZero();
        region.clock().advance(Duration.ofMillis(1));

        assertThat(elsewhere.current().version()).isEqualTo(1);
        refusedAs(() -> elsewhere.checkPassword("Correct-Horse-9"), "InvalidPasswordException", "Password not long enough");
        assertThat(elsewhere.mfaConfiguration()).isEqualTo(MfaConfiguration.OPTIONAL);
    }

    @Test
    void customAttributesAreCheckedOnSignUpAndUpdateOnceDefined() {
        AppClient plans = region.putClient(region.client().withAttributes(Set.of("email", "custom:plan", "custom:seats"),
                Set.of("email", "custom:plan", "custom:seats", "custom:role")));
        pool.addCustomAttributes(POOL, List.of(
                new CustomAttribute("custom:plan", AttributeDataType.STRING, true, Optional.of(1), Optional.of(5),
                        Optional.empty(), Optional.empty()),
                CustomAttribute.of("seats", AttributeDataType.NUMBER, false)));

        refusedAs(() -> region.identityService().signUp(plans.clientId(), "ada", "Correct-Horse-9",
                        List.of(new UserAttributes.Attribute("email", "ada@example.com"),
                                new UserAttributes.Attribute("custom:plan", "enterprise"))),
                "InvalidParameterException", "custom:plan: String must be no longer than 5 characters");
        refusedAs(() -> region.identityService().signUp(plans.clientId(), "ada", "Correct-Horse-9",
                        List.of(new UserAttributes.Attribute("email", "ada@example.com"),
                                new UserAttributes.Attribute("custom:role", "admin"))),
                "InvalidParameterException", "Type for attribute {custom:role} could not be determined");
        assertThat(region.identityService().signUp(plans.clientId(), "ada", "Correct-Horse-9",
                List.of(new UserAttributes.Attribute("email", "ada@example.com"),
                        new UserAttributes.Attribute("custom:plan", "pro"),
                        new UserAttributes.Attribute("custom:seats", "3"))).userSub()).isNotEmpty();
        region.identityService().confirmSignUp(plans.clientId(), "ada", region.codeDelivery().lastCodeFor("ada"));
        String accessToken = region.identityService().passwordAuth(plans.clientId(), "ada", "Correct-Horse-9").accessToken();

        refusedAs(() -> region.accountService().updateUserAttributes(accessToken,
                List.of(new UserAttributes.Attribute("custom:seats", "4"))), "InvalidParameterException",
                "changing an immutable attribute");
        region.accountService().updateUserAttributes(accessToken, List.of(new UserAttributes.Attribute("custom:plan", "free")));
        assertThat(region.user("ada").attributes()).containsEntry("custom:plan", "free").containsEntry("custom:seats", "3");
    }

    @Test
    void onlyAdministratorsCreateUsersOnceSelfSignUpIsTurnedOff() {
        pool.update(POOL, new PoolUpdate(Optional.empty(), PasswordRequirements.cognitoDefault(), MfaConfiguration.OPTIONAL,
                List.of("email"), List.of(), DeletionProtection.INACTIVE, true, 7, List.of()));

        refusedAs(() -> region.signUp("ada", "Correct-Horse-9", "ada@example.com"), "NotAuthorizedException",
                "SignUp is not permitted for this user pool");
        assertThat(region.directory().findByUsername(io.cognate.domain.Username.of("ada"))).isEmpty();
        pool.update(POOL, PoolUpdate.COGNITO_DEFAULT);
        assertThatCode(() -> region.signUp("ada", "Correct-Horse-9", "ada@example.com")).doesNotThrowAnyException();
    }

    @Test
    void addCustomAttributesNeverRedefinesOne() {
        pool.addCustomAttributes(POOL, List.of(CustomAttribute.of("plan", AttributeDataType.STRING, true)));

        refusedAs(() -> pool.addCustomAttributes(POOL, List.of(CustomAttribute.of("plan", AttributeDataType.NUMBER, true))),
                "InvalidParameterException", "Existing attribute already has name custom:plan.");
        assertThat(pool.describe(POOL).customAttribute("custom:plan").orElseThrow().type()).isEqualTo(AttributeDataType.STRING);
    }

    @Test
    void anotherPoolIsNotFound() {
        for (Runnable call : List.<Runnable>of(() -> pool.describe("us-east-1_Other"),
                () -> pool.update("us-east-1_Other", PoolUpdate.COGNITO_DEFAULT),
                () -> pool.addCustomAttributes("us-east-1_Other", List.of(CustomAttribute.of("a", AttributeDataType.STRING, true))),
                () -> pool.deleteUserPool("us-east-1_Other"))) {
            refusedAs(call, "ResourceNotFoundException", "User pool us-east-1_Other does not exist.");
        }
        assertThat(region.poolSettingsStore().find()).isEmpty();
    }

    @Test
    void aRegionThatDoesNotLeadRefusesEveryChange() {
        region.handLeadershipTo("eu-west-1");

        refusedAs(() -> pool.update(POOL, strictPasswords(20)), "OperationNotEnabledException", "read-only replica");
        refusedAs(() -> pool.addCustomAttributes(POOL, List.of(CustomAttribute.of("plan", AttributeDataType.STRING, true))),
                "OperationNotEnabledException", "read-only replica");
        assertThat(region.poolSettingsStore().find()).isEmpty();
        assertThat(pool.describe(POOL).version()).isZero();
    }

    @Test
    void phoneNumbersCannotBeAutoVerifiedWithoutSms() {
        PoolUpdate phone = new PoolUpdate(Optional.empty(), PasswordRequirements.cognitoDefault(), MfaConfiguration.OFF,
                List.of("phone_number"), List.of(), DeletionProtection.INACTIVE, false, 7, List.of());

        refusedAs(() -> pool.update(POOL, phone), "InvalidParameterException", "SMS configuration");
    }

    @Test
    void deleteUserPoolIsRefusedWithDeletionProtectionAsCognitoDoesAndOtherwiseUnsupported() {
        refusedAs(() -> pool.deleteUserPool(POOL), "UnsupportedOperationException", "removed with its deployment");
        pool.update(POOL, new PoolUpdate(Optional.empty(), PasswordRequirements.cognitoDefault(), MfaConfiguration.OFF,
                List.of(), List.of(), DeletionProtection.ACTIVE, false, 7, List.of()));

        refusedAs(() -> pool.deleteUserPool(POOL), "InvalidParameterException", "deletion protection is activated");
    }

    /**
     * Two changes at once: the second one's write finds the version it read gone (the first came
     * in between), so it is run again from a fresh read, and both are in the stored settings.
     */
    @Test
    void aChangeThatLosesARaceIsRunAgainOnTheWinnersSettings() {
        PoolAdministration racing = new PoolAdministration(POOL, region.poolSettings(), new PoolSettingsStore() {
            private boolean raced;

            @Override
            public Optional<PoolSettings> find() {
                return region.poolSettingsStore().find();
            }

            @Override
            public PoolSettings put(PoolSettings settings, long expectedVersion, LeaderRecord fence) {
                if (!raced) {
                    raced = true;
                    // Another request's AddCustomAttributes commits between this one's read and write.
                    pool.addCustomAttributes(POOL, List.of(CustomAttribute.of("plan", AttributeDataType.STRING, true)));
                }
                return region.poolSettingsStore().put(settings, expectedVersion, fence);
            }
        }, new WriteFence(region.region(), region.leaders()), region.clock());

        PoolSettings stored = racing.addCustomAttributes(POOL,
                List.of(CustomAttribute.of("seats", AttributeDataType.NUMBER, true)));

        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.customAttributes()).extracting(CustomAttribute::name).containsExactly("custom:plan", "custom:seats");
        assertThat(pool.describe(POOL)).isEqualTo(stored);
    }
}
