package io.cognate.domain.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.UserAttributes;
import io.cognate.domain.UserStatus;
import io.cognate.domain.clients.ClientSettings;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.sessions.SessionService;
import io.cognate.testing.InMemoryRegion;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The settings that decide how codes go out, taking effect at the next request: the account
 * recovery mechanisms (ForgotPassword, AdminResetUserPassword), e-mail auto-verification (SignUp,
 * ResendConfirmationCode), whether a changed e-mail address waits for its code
 * (UpdateUserAttributes), and an app client's token revocation (RevokeToken). Where the answer
 * changes for every user of the pool, a known and an unknown user are told the same.
 */
class PoolSettingsTakeEffectTest {
    private static final String POOL = InMemoryRegion.USER_POOL_ID;
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String PASSWORD = "Correct-Horse-9";

    private final InMemoryRegion region = InMemoryRegion.builder().mfa(MfaConfiguration.OPTIONAL).build();
    private final PoolAdministration pool = region.poolAdministration();

    private static PoolUpdate settings(List<String> autoVerified, List<RecoveryMechanism> recovery,
                                       List<String> requireVerificationBeforeUpdate) {
        return new PoolUpdate(Optional.empty(), PasswordRequirements.cognitoDefault(), MfaConfiguration.OPTIONAL,
                autoVerified, recovery, DeletionProtection.INACTIVE, false, 7, requireVerificationBeforeUpdate);
    }

    private static PoolUpdate recovery(RecoveryMechanism... mechanisms) {
        return settings(List.of("email"), List.of(mechanisms), List.of("email"));
    }

    private static void refusedAs(Runnable call, String type, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CognitoException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void adminOnlyRecoveryRefusesForgotPasswordAlikeForKnownAndUnknownUsersAndSendsNothing() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        region.codeDelivery().clear();
        pool.update(POOL, recovery(new RecoveryMechanism(1, RecoveryMechanism.ADMIN_ONLY)));
        int decoysBefore = region.codeDelivery().decoys().size();

        for (String username : List.of("ada", "nobody")) {
            refusedAs(() -> region.accountService().forgotPassword(CLIENT, username), "NotAuthorizedException",
                    "Contact administrator to reset password.");
        }
        assertThat(region.codeDelivery().sent()).isEmpty();
        assertThat(region.codeDelivery().decoys()).hasSize(decoysBefore);
        // No mechanism delivers a code, so the administrator's reset has nowhere to send one either.
        refusedAs(() -> region.adminUsers().resetPassword(POOL, "ada"), "InvalidParameterException",
                "Cannot reset password for the user as there is no registered/verified email or phone_number");
        assertThat(region.user("ada").status()).isEqualTo(UserStatus.CONFIRMED);

        pool.update(POOL, recovery(new RecoveryMechanism(1, RecoveryMechanism.VERIFIED_EMAIL)));
        region.accountService().forgotPassword(CLIENT, "ada");
        assertThat(region.codeDelivery().lastTo("ada")).map(r -> r.purpose()).contains("ForgotPassword");
    }

    @Test
    void aPhoneNumberFirstFallsBackToTheVerifiedEmailAsNoSmsIsSent() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        region.codeDelivery().clear();
        pool.update(POOL, recovery(new RecoveryMechanism(1, RecoveryMechanism.VERIFIED_PHONE_NUMBER),
                new RecoveryMechanism(2, RecoveryMechanism.VERIFIED_EMAIL)));

        IdentityService.CodeDeliveryDetails sent = region.accountService().forgotPassword(CLIENT, "ada");

        assertThat(sent.deliveryMedium()).isEqualTo("EMAIL");
        assertThat(region.codeDelivery().sentTo("ada")).hasSize(1);
        assertThat(region.codeDelivery().sentTo("ada").getFirst().destination()).isEqualTo("ada@example.com");
    }

    @Test
    void aPhoneNumberAloneSendsNoCodeButAnswersEveryoneAsBefore() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        IdentityService.CodeDeliveryDetails before = region.accountService().forgotPassword(CLIENT, "ada");
        IdentityService.CodeDeliveryDetails unknownBefore = region.accountService().forgotPassword(CLIENT, "nobody");
        region.codeDelivery().clear();
        pool.update(POOL, recovery(new RecoveryMechanism(1, RecoveryMechanism.VERIFIED_PHONE_NUMBER)));

        assertThat(region.accountService().forgotPassword(CLIENT, "ada")).isEqualTo(before);
        assertThat(region.accountService().forgotPassword(CLIENT, "nobody")).isEqualTo(unknownBefore);
        assertThat(region.codeDelivery().sent()).isEmpty();
        // Both were answered through the decoy path: the same write and event as a sent code.
        assertThat(region.codeDelivery().decoys()).hasSize(2);
        refusedAs(() -> region.adminUsers().resetPassword(POOL, "ada"), "InvalidParameterException",
                "Cannot reset password for the user as there is no registered/verified email or phone_number");
    }

    @Test
    void withoutEmailAutoVerificationSignUpSendsNoCodeAndTheUserWaitsForAnAdministrator() {
        pool.update(POOL, settings(List.of(), List.of(), List.of()));

        IdentityService.SignUpResult result = region.signUp("ada", PASSWORD, "ada@example.com");

        assertThat(result.userConfirmed()).isFalse();
        assertThat(result.codeDelivery()).isNull();
        assertThat(region.codeDelivery().sent()).isEmpty();
        assertThat(region.user("ada").status()).isEqualTo(UserStatus.UNCONFIRMED);
        assertThat(region.user("ada").confirmationCode()).isEmpty();
        refusedAs(() -> region.identityService().confirmSignUp(CLIENT, "ada", "123456"), "CodeMismatchException",
                "Invalid verification code provided, please try again.");
        for (String username : List.of("ada", "nobody")) {
            refusedAs(() -> region.identityService().resendConfirmationCode(CLIENT, username), "NotAuthorizedException",
                    "Cannot resend codes. Auto verification not turned on.");
        }
        assertThat(region.codeDelivery().sent()).isEmpty();
        assertThatThrownBy(() -> region.signIn("ada", PASSWORD)).isInstanceOfSatisfying(CognitoException.class,
                e -> assertThat(e.type()).isEqualTo("UserNotConfirmedException"));

        region.adminUsers().confirmSignUp(POOL, "ada");

        assertThat(region.user("ada").status()).isEqualTo(UserStatus.CONFIRMED);
        assertThat(region.user("ada").attributes()).containsEntry("email_verified", "false");
        assertThat(region.signIn("ada", PASSWORD).accessToken()).isNotEmpty();
    }

    @Test
    void emailNotRequiringVerificationIsChangedAtOnceUnverifiedAndACodeVerifiesIt() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        String accessToken = region.signIn("ada", PASSWORD).accessToken();
        pool.update(POOL, settings(List.of("email"), List.of(), List.of()));

        List<IdentityService.CodeDeliveryDetails> sent = region.accountService().updateUserAttributes(accessToken,
                List.of(new UserAttributes.Attribute("email", "ada@new.example.com")));

        assertThat(sent).extracting(IdentityService.CodeDeliveryDetails::attributeName).containsExactly("email");
        assertThat(region.user("ada").attributes()).containsEntry("email", "ada@new.example.com")
                .containsEntry("email_verified", "false");
        assertThat(region.codeDelivery().lastTo("ada").orElseThrow().destination()).isEqualTo("ada@new.example.com");
        region.accountService().verifyUserAttribute(accessToken, "email", region.codeDelivery().lastCodeFor("ada"));
        assertThat(region.user("ada").attributes()).containsEntry("email", "ada@new.example.com")
                .containsEntry("email_verified", "true");
    }

    @Test
    void emailNeitherAutoVerifiedNorAwaitingVerificationIsChangedAtOnceWithNoCode() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        String accessToken = region.signIn("ada", PASSWORD).accessToken();
        region.codeDelivery().clear();
        pool.update(POOL, settings(List.of(), List.of(), List.of()));

        assertThat(region.accountService().updateUserAttributes(accessToken,
                List.of(new UserAttributes.Attribute("email", "ada@new.example.com")))).isEmpty();

        assertThat(region.user("ada").attributes()).containsEntry("email", "ada@new.example.com")
                .containsEntry("email_verified", "false");
        assertThat(region.codeDelivery().sent()).isEmpty();
    }

    @Test
    void emailAwaitingVerificationStaysPendingAsBefore() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        String accessToken = region.signIn("ada", PASSWORD).accessToken();
        pool.update(POOL, settings(List.of("email"), List.of(), List.of("email")));

        region.accountService().updateUserAttributes(accessToken,
                List.of(new UserAttributes.Attribute("email", "ada@new.example.com")));

        assertThat(region.user("ada").attributes()).containsEntry("email", "ada@example.com")
                .containsEntry("email_verified", "true");
    }

    @Test
    void revokeTokenIsRefusedForAClientWithRevocationTurnedOff() {
        AppClient client = region.client();
        ClientSettings off = client.settings();
        off = new ClientSettings(off.tokenValidityUnits(), off.allowedOAuthFlowsUserPoolClient(), off.callbackUrls(),
                off.logoutUrls(), off.defaultRedirectUri(), off.supportedIdentityProviders(), false,
                off.preventUserExistenceErrors(), off.authSessionValidityMinutes(),
                off.enablePropagateAdditionalUserContextData(), off.createdAt(), off.lastModifiedAt());
        region.putClient(new AppClient(client.clientId(), client.clientName(), client.explicitAuthFlows(),
                client.accessTokenValidity(), client.idTokenValidity(), client.refreshTokenValidity(),
                client.allowedOAuthFlows(), client.allowedOAuthScopes(), client.secret(), client.readAttributes(),
                client.writeAttributes(), off, client.version()));
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        String refreshToken = region.signIn("ada", PASSWORD).refreshToken().orElseThrow();

        refusedAs(() -> region.sessionService().revoke(CLIENT, null, refreshToken), "UnsupportedOperationException",
                "Token revocation isn't enabled for this app client.");
        assertThat(region.sessionService().refresh(CLIENT, refreshToken, SessionService.ClientProof.secretHash(null)).accessToken()).isNotEmpty();
    }
}
