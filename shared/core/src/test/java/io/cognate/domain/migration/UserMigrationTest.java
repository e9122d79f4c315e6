package io.cognate.domain.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.cognate.domain.CognitoException;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.pool.DeletionProtection;
import io.cognate.domain.pool.PasswordRequirements;
import io.cognate.domain.pool.PoolUpdate;
import io.cognate.domain.pool.RecoveryMechanism;
import io.cognate.domain.triggers.LambdaConfig;
import io.cognate.ports.LegacyPool.SignInAnswer;
import io.cognate.ports.TriggerInvoker;
import io.cognate.testing.InMemoryRegion;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Lazy migration in the in-memory region: from the legacy pool (in memory, held to the Cognito
 * adapter's contract) and through the UserMigration trigger, at sign-in and at ForgotPassword.
 */
class UserMigrationTest {
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String POOL = InMemoryRegion.USER_POOL_ID;
    private static final String PASSWORD = "Legacy-Passw0rd!";
    private static final String WRONG = "Wrong-Passw0rd!";
    private static final String MIGRATION = "http://user-migration.test/";

    private final InMemoryRegion region = InMemoryRegion.create();

    private void legacyUser(String username, SignInAnswer answer, List<String> mfa) {
        region.legacyPool().add(username, PASSWORD, Map.of("email", username + "@example.com", "email_verified", "true",
                "given_name", "Ada"), "CONFIRMED", mfa, List.of("admins"), answer);
    }

    private static void refusedAs(Runnable call, String type, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CognitoException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void aRightPasswordAtTheLegacyPoolMovesTheUserInWithSubAttributesGroupsAndAnArgon2idHash() {
        region.useLegacyPool(false);
        legacyUser("ada", SignInAnswer.SIGNED_IN, List.of());
        String legacySub = region.legacyPool().describe(region.legacyPool().address(), "ada").orElseThrow().sub()
                .orElseThrow();

        assertThat(region.signIn("ada", PASSWORD).accessToken()).isNotEmpty();

        User ada = region.user("ada");
        assertThat(ada.status()).isEqualTo(UserStatus.CONFIRMED);
        assertThat(ada.sub()).isNotEqualTo(legacySub);
        assertThat(ada.attributes()).containsEntry(UserMigration.LEGACY_SUB, legacySub)
                .containsEntry("email", "ada@example.com").containsEntry("email_verified", "true")
                .containsEntry("given_name", "Ada").doesNotContainKey("sub");
        assertThat(region.passwordHasher().matches(PASSWORD, ada.passwordHash())).isTrue();
        assertThat(ada.hasSrpVerifier()).isTrue();
        assertThat(region.groups().groupsOf(ada.sub())).extracting(g -> g.name()).containsExactly("admins");
        // From now on the user is here: the legacy pool is not asked again.
        int calls = region.legacyPool().calls();
        region.signIn("ada", PASSWORD);
        assertThat(region.legacyPool().calls()).isEqualTo(calls);
    }

    @Test
    void aUserWhoseGroupsCannotBeWrittenIsNotLeftHalfMovedInAndMovesInWholeNextTime() {
        region.useLegacyPool(false);
        legacyUser("ada", SignInAnswer.SIGNED_IN, List.of());
        region.groups().failMemberships(true);

        assertThatThrownBy(() -> region.signIn("ada", PASSWORD)).isInstanceOf(RuntimeException.class);

        assertThat(region.inMemoryDirectory().findByUsername(io.cognate.domain.Username.of("ada")))
                .as("no user without the groups the legacy pool gave them").isEmpty();
        region.groups().failMemberships(false);
        assertThat(region.signIn("ada", PASSWORD).accessToken()).isNotEmpty();
        assertThat(region.groups().groupsOf(region.user("ada").sub())).extracting(g -> g.name())
                .containsExactly("admins");
    }

    @Test
    void theSettingMayKeepTheLegacySubAsTheSub() {
        region.useLegacyPool(true);
        legacyUser("ada", SignInAnswer.SIGNED_IN, List.of());
        String legacySub = region.legacyPool().describe(region.legacyPool().address(), "ada").orElseThrow().sub()
                .orElseThrow();

        region.signIn("ada", PASSWORD);

        assertThat(region.user("ada").sub()).isEqualTo(legacySub);
        assertThat(region.user("ada").attributes()).doesNotContainKey(UserMigration.LEGACY_SUB);
    }

    @Test
    void aWrongPasswordMovesNothingAndCountsLikeAnyWrongPassword() {
        region.useLegacyPool(false);
        legacyUser("ada", SignInAnswer.SIGNED_IN, List.of());
        int burned = region.passwordHasher().equivalentWorkBurned();

        refusedAs(() -> region.identityService().checkPassword(CLIENT, "ada", WRONG), "NotAuthorizedException",
                PasswordSignIn.INCORRECT_CREDENTIALS);

        assertThat(region.directory().findByUsername(io.cognate.domain.Username.of("ada"))).isEmpty();
        assertThat(region.lockoutCounters().read("ada")).hasValueSatisfying(c -> assertThat(c.failures()).isEqualTo(1));
        assertThat(region.passwordHasher().equivalentWorkBurned()).isEqualTo(burned + 1);
    }

    @Test
    void aUserUnknownInBothIsAnsweredAndCostsAsAWrongPassword() {
        region.useLegacyPool(false);
        int burned = region.passwordHasher().equivalentWorkBurned();
        int calls = region.legacyPool().calls();

        refusedAs(() -> region.identityService().checkPassword(CLIENT, "nobody", PASSWORD), "NotAuthorizedException",
                PasswordSignIn.INCORRECT_CREDENTIALS);

        assertThat(region.legacyPool().calls()).isEqualTo(calls + 1);
        assertThat(region.passwordHasher().equivalentWorkBurned()).isEqualTo(burned + 1);
        assertThat(region.lockoutCounters().read("nobody")).hasValueSatisfying(c -> assertThat(c.failures()).isEqualTo(1));
    }

    @Test
    void aSecondFactorAtTheLegacyPoolMovesTheUserInResetRequiredKeepingTheTotpPreference() {
        region.useLegacyPool(false);
        legacyUser("ada", SignInAnswer.SECOND_FACTOR_REQUIRED, List.of("SOFTWARE_TOKEN_MFA"));

        refusedAs(() -> region.identityService().checkPassword(CLIENT, "ada", PASSWORD),
                "PasswordResetRequiredException", CognitoException.passwordResetRequired().getMessage());

        User ada = region.user("ada");
        assertThat(ada.status()).isEqualTo(UserStatus.RESET_REQUIRED);
        assertThat(region.mfaSettings().find(ada.sub())).hasValueSatisfying(mfa -> {
            assertThat(mfa.enabled()).isTrue();
            assertThat(mfa.secret()).isEmpty();
        });
        // After the reset, the next sign-in asks to set TOTP up again, though the pool's MFA is optional.
        region.accountService().forgotPassword(CLIENT, "ada");
        region.accountService().confirmForgotPassword(CLIENT, "ada", region.codeDelivery().lastCodeFor("ada"),
                "Brand-New-Passw0rd!");
        assertThat(region.mfaSignIn(MfaConfiguration.OPTIONAL).passwordAuth(CLIENT, "ada", "Brand-New-Passw0rd!"))
                .isInstanceOfSatisfying(io.cognate.domain.mfa.MfaSignIn.Challenge.class,
                        challenge -> assertThat(challenge.name()).isEqualTo("MFA_SETUP"));
    }

    @Test
    void aTemporaryPasswordAtTheLegacyPoolIsATemporaryPasswordHere() {
        region.useLegacyPool(false);
        legacyUser("ada", SignInAnswer.NEW_PASSWORD_REQUIRED, List.of());

        assertThat(region.mfaSignIn().passwordAuth(CLIENT, "ada", PASSWORD))
                .isInstanceOfSatisfying(io.cognate.domain.mfa.MfaSignIn.Challenge.class,
                        challenge -> assertThat(challenge.name()).isEqualTo("NEW_PASSWORD_REQUIRED"));
        assertThat(region.user("ada").status()).isEqualTo(UserStatus.FORCE_CHANGE_PASSWORD);
    }

    @Test
    void forgotPasswordMovesAUserKnownThereInResetRequiredAndSendsTheCode() {
        region.useLegacyPool(false);
        legacyUser("ada", SignInAnswer.SIGNED_IN, List.of());

        var details = region.accountService().forgotPassword(CLIENT, "ada");

        assertThat(details.destination()).contains("@");
        User ada = region.user("ada");
        assertThat(ada.status()).isEqualTo(UserStatus.RESET_REQUIRED);
        assertThat(region.passwordHasher().matches(PASSWORD, ada.passwordHash())).isFalse();
        region.accountService().confirmForgotPassword(CLIENT, "ada", region.codeDelivery().lastCodeFor("ada"),
                "Brand-New-Passw0rd!");
        assertThat(region.signIn("ada", "Brand-New-Passw0rd!").accessToken()).isNotEmpty();
    }

    @Test
    void aRegionThatDoesNotLeadCreatesNobodyAndSaysSoOnlyToTheRightPassword() {
        region.useLegacyPool(false);
        legacyUser("ada", SignInAnswer.SIGNED_IN, List.of());
        region.handLeadershipTo("eu-west-1");

        assertThatThrownBy(() -> region.identityService().checkPassword(CLIENT, "ada", PASSWORD))
                .isInstanceOfSatisfying(CognitoException.class,
                        e -> assertThat(e.type()).isEqualTo("OperationNotEnabledException"));
        refusedAs(() -> region.identityService().checkPassword(CLIENT, "ada", WRONG), "NotAuthorizedException",
                PasswordSignIn.INCORRECT_CREDENTIALS);
        assertThat(region.directory().findByUsername(io.cognate.domain.Username.of("ada"))).isEmpty();
    }

    @Test
    void aSecondFirstSignInThatLosesTheRaceGoesOnWithTheWinnerOnlyWithItsPassword() {
        region.useLegacyPool(false);
        legacyUser("ada", SignInAnswer.SIGNED_IN, List.of());
        User winner = region.migration().onSignIn(CLIENT, io.cognate.domain.Username.of("ada"), PASSWORD)
                .orElseThrow();

        // The loser had checked the same password at the legacy pool before the winner's create.
        assertThat(region.migration().onSignIn(CLIENT, io.cognate.domain.Username.of("ada"), PASSWORD))
                .hasValueSatisfying(user -> assertThat(user.sub()).isEqualTo(winner.sub()));
        // A password that is not the stored one goes no further, whatever the legacy pool said.
        region.legacyPool().add("ada", "Changed-There-9!", Map.of("email", "ada@example.com"), "CONFIRMED", List.of(),
                List.of(), SignInAnswer.SIGNED_IN);
        assertThat(region.migration().onSignIn(CLIENT, io.cognate.domain.Username.of("ada"), "Changed-There-9!"))
                .isEmpty();
        assertThat(region.inMemoryDirectory().findByUsername(io.cognate.domain.Username.of("ada")).orElseThrow().sub())
                .isEqualTo(winner.sub());
    }

    // ---- the UserMigration trigger ------------------------------------------------------------

    private void migrationTrigger() {
        region.poolAdministration().update(POOL, new PoolUpdate(Optional.empty(), PasswordRequirements.cognitoDefault(),
                MfaConfiguration.OFF, List.of("email"), List.of(new RecoveryMechanism(1, "verified_email")),
                DeletionProtection.INACTIVE, false, 7, List.of(),
                LambdaConfig.checked(Map.of("UserMigration", MIGRATION), true)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String member) {
        return (Map<String, Object>) parent.get(member);
    }

    @Test
    void theTriggerReceivesCognitosEventWithThePasswordAndItsAnswerCreatesTheUser() throws ParseException {
        migrationTrigger();
        region.useLegacyPool(false);
        region.triggerInvoker().serve(MIGRATION, event -> "{\"response\":{\"userAttributes\":{\"email\":"
                + "\"ada@example.com\",\"email_verified\":\"true\"},\"finalUserStatus\":\"CONFIRMED\","
                + "\"messageAction\":\"SUPPRESS\"}}");

        assertThat(region.signIn("ada", PASSWORD).accessToken()).isNotEmpty();

        Map<String, Object> event = JSONObjectUtils.parse(region.triggerInvoker().events().getFirst());
        assertThat(event).containsEntry("version", "1").containsEntry("userPoolId", POOL)
                .containsEntry("userName", "ada").containsEntry("triggerSource", "UserMigration_Authentication");
        assertThat(object(event, "request")).containsEntry("password", PASSWORD);
        assertThat(region.user("ada").attributes()).containsEntry("email", "ada@example.com");
        // The trigger, when set, is asked instead of the legacy pool.
        assertThat(region.legacyPool().calls()).isZero();
    }

    @Test
    void theSignInsClientMetadataIsTheTriggersValidationDataAndForgotPasswordsItsClientMetadata()
            throws ParseException {
        migrationTrigger();
        region.triggerInvoker().serve(MIGRATION, event -> "{\"response\":{\"userAttributes\":{\"email\":"
                + "\"ada@example.com\",\"email_verified\":\"true\"}}}");

        region.identityService().checkPassword(CLIENT, "ada", PASSWORD, Map.of("captcha", "passed"));
        region.accountService().forgotPassword(CLIENT, "grace", Map.of("origin", "help-page"));

        Map<String, Object> signIn = JSONObjectUtils.parse(region.triggerInvoker().events().getFirst());
        assertThat(object(signIn, "request")).containsEntry("validationData", Map.of("captcha", "passed"));
        assertThat(object(signIn, "request").get("clientMetadata")).isNull();
        Map<String, Object> reset = JSONObjectUtils.parse(region.triggerInvoker().events().getLast());
        assertThat(reset).containsEntry("triggerSource", "UserMigration_ForgotPassword");
        assertThat(object(reset, "request")).containsEntry("clientMetadata", Map.of("origin", "help-page"));
        assertThat(object(reset, "request").get("validationData")).isNull();
    }

    @Test
    void aTriggerThatThrowsIsAWrongPasswordAndOneThatCannotRunIsCognitosErrorWithNothingWritten() {
        migrationTrigger();
        region.triggerInvoker().serve(MIGRATION, event -> {
            throw new TriggerInvoker.TriggerFailed(TriggerInvoker.TriggerFailed.Kind.FUNCTION_ERROR, "Bad password");
        });
        refusedAs(() -> region.identityService().checkPassword(CLIENT, "ada", PASSWORD), "NotAuthorizedException",
                PasswordSignIn.INCORRECT_CREDENTIALS);

        region.triggerInvoker().serve(MIGRATION, event -> "{\"response\":{\"finalUserStatus\":\"CONFIRMED\"}}");
        assertThatThrownBy(() -> region.identityService().checkPassword(CLIENT, "ada", PASSWORD))
                .isInstanceOfSatisfying(CognitoException.class,
                        e -> assertThat(e.type()).isEqualTo("InvalidLambdaResponseException"));
        assertThat(region.directory().findByUsername(io.cognate.domain.Username.of("ada"))).isEmpty();
    }
}
