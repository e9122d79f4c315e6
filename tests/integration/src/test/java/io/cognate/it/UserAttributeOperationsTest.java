package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.local.events.Outbox;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeDeliveryDetailsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MFAOptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;

/**
 * GetUserAttributeVerificationCode (with VerifyUserAttribute), DeleteUserAttributes,
 * SetUserSettings (and UpdateAuthEventFeedback's validation; its events: AuthEventsTwoRegionTest)
 * through the SDK's Cognito client against the local two-region stack: Cognito's shapes and error
 * classes, and the secondary refusing the writes.
 */
@ExtendWith(UserAttributeOperationsTest.Stack.class)
class UserAttributeOperationsTest {
    private static LocalCognate stack;
    private static PoolUsers atPrimary;
    private static PoolUsers atSecondary;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            LocalRegion primary = stack.regions().get(0);
            LocalRegion secondary = stack.regions().get(1);
            atPrimary = new PoolUsers(stack, primary.endpoint(), primary.name());
            atSecondary = new PoolUsers(stack, secondary.endpoint(), secondary.name());
        }
    }

    @AfterAll
    static void closeClients() {
        atPrimary.close();
        atSecondary.close();
    }

    private static CognitoIdentityProviderClient east() {
        return atPrimary.client();
    }

    private static String signedIn(String username) {
        String accessToken = atPrimary.signIn(username, PoolUsers.PASSWORD).accessToken();
        SecretLedger.remember(accessToken);
        return accessToken;
    }

    private static CodeDeliveryDetailsType askForCode(String accessToken) {
        return east().getUserAttributeVerificationCode(b -> b.accessToken(accessToken).attributeName("email"))
                .codeDeliveryDetails();
    }

    @Test
    void aCodeForTheAddressInForceVerifiesIt() {
        String username = atPrimary.newConfirmedUser();
        String accessToken = signedIn(username);

        CodeDeliveryDetailsType details = askForCode(accessToken);

        assertThat(details.destination()).isEqualTo("u***@e***");
        assertThat(details.deliveryMedium()).isEqualTo(DeliveryMediumType.EMAIL);
        assertThat(details.attributeName()).isEqualTo("email");
        Outbox.Entry sent = stack.outbox().entries().getLast();
        assertThat(sent.destination()).isEqualTo(username + "@example.com");
        assertThat(sent.purpose()).isEqualTo("GetUserAttributeVerificationCode");
        String code = stack.outbox().latestCodeFor(username).orElseThrow();
        assertThatThrownBy(() -> east().verifyUserAttribute(b -> b.accessToken(accessToken).attributeName("email")
                .code(code.equals("000000") ? "111111" : "000000"))).isInstanceOf(CodeMismatchException.class);
        east().verifyUserAttribute(b -> b.accessToken(accessToken).attributeName("email").code(code));
        assertThat(attributes(accessToken)).containsEntry("email", username + "@example.com")
                .containsEntry("email_verified", "true");
    }

    @Test
    void aPendingChangesCodeGoesToTheNewAddress() {
        String username = atPrimary.newConfirmedUser();
        String accessToken = signedIn(username);
        String newEmail = "moved-" + username + "@example.org";
        east().updateUserAttributes(b -> b.accessToken(accessToken).userAttributes(attribute("email", newEmail)));

        CodeDeliveryDetailsType details = askForCode(accessToken);

        assertThat(details.destination()).isEqualTo("m***@e***");
        assertThat(stack.outbox().entries().getLast().destination()).isEqualTo(newEmail);
        assertThat(attributes(accessToken)).containsEntry("email", username + "@example.com");
        String code = stack.outbox().latestCodeFor(username).orElseThrow();
        east().verifyUserAttribute(b -> b.accessToken(accessToken).attributeName("email").code(code));
        assertThat(attributes(accessToken)).containsEntry("email", newEmail).containsEntry("email_verified", "true");
    }

    @Test
    void onlyEmailIsVerifiedAndOnlyFiveCodesGoOutAnHour() {
        String username = atPrimary.newConfirmedUser();
        String accessToken = signedIn(username);
        assertThatThrownBy(() -> east().getUserAttributeVerificationCode(b -> b.accessToken(accessToken)
                .attributeName("phone_number"))).isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("User pool does not have SMS configuration to send messages."));
        assertThatThrownBy(() -> east().getUserAttributeVerificationCode(b -> b.accessToken(accessToken)
                .attributeName("given_name"))).isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Invalid attribute name. Only phone_number and email can be verified."));
        assertThatThrownBy(() -> east().getUserAttributeVerificationCode(b -> b.accessToken("not-a-token")
                .attributeName("email"))).isInstanceOf(NotAuthorizedException.class);

        for (int i = 0; i < 5; i++) {
            askForCode(accessToken);
        }
        int sent = stack.outbox().entries().size();
        assertThatThrownBy(() -> askForCode(accessToken)).isInstanceOf(LimitExceededException.class);
        assertThat(stack.outbox().entries()).hasSize(sent);
    }

    @Test
    void attributesTheClientMayWriteAreDeletedButNeverTheEmailAddress() {
        String username = atPrimary.newConfirmedUser();
        String accessToken = signedIn(username);
        east().updateUserAttributes(b -> b.accessToken(accessToken)
                .userAttributes(attribute("given_name", "Ada"), attribute("nickname", "Countess")));

        east().deleteUserAttributes(b -> b.accessToken(accessToken).userAttributeNames("given_name", "website"));

        assertThat(attributes(accessToken)).doesNotContainKey("given_name").containsEntry("nickname", "Countess");
        assertThatThrownBy(() -> east().deleteUserAttributes(b -> b.accessToken(accessToken)
                .userAttributeNames("nickname", "email"))).isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("user.email: Required attribute cannot be deleted."));
        assertThatThrownBy(() -> east().deleteUserAttributes(b -> b.accessToken(accessToken)
                .userAttributeNames("nickname", "email_verified"))).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> east().deleteUserAttributes(b -> b.accessToken(accessToken)
                .userAttributeNames("custom:role"))).isInstanceOf(NotAuthorizedException.class);
        assertThat(attributes(accessToken)).containsEntry("nickname", "Countess")
                .containsEntry("email", username + "@example.com").containsEntry("email_verified", "true");
    }

    @Test
    void setUserSettingsTakesNoSmsFactorAndAcceptsAnEmptyList() {
        String accessToken = signedIn(atPrimary.newConfirmedUser());

        east().setUserSettings(b -> b.accessToken(accessToken).mfaOptions(List.of()));

        assertThatThrownBy(() -> east().setUserSettings(b -> b.accessToken(accessToken).mfaOptions(
                MFAOptionType.builder().attributeName("phone_number").deliveryMedium(DeliveryMediumType.SMS).build())))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).isEqualTo("User pool does not have SMS configuration to send messages."));
        assertThatThrownBy(() -> east().setUserSettings(b -> b.accessToken(accessToken).mfaOptions(
                MFAOptionType.builder().attributeName("email").deliveryMedium(DeliveryMediumType.EMAIL).build())))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aSecondaryRefusesTheWrites() {
        String username = atPrimary.newConfirmedUser();
        String accessToken = signedIn(username);
        east().updateUserAttributes(b -> b.accessToken(accessToken).userAttributes(attribute("nickname", "N")));
        assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(20))).isTrue();
        int sent = stack.outbox().entries().size();
        CognitoIdentityProviderClient west = atSecondary.client();

        refused(c -> c.getUserAttributeVerificationCode(b -> b.accessToken(accessToken).attributeName("email")), west);
        refused(c -> c.deleteUserAttributes(b -> b.accessToken(accessToken).userAttributeNames("nickname")), west);
        refused(c -> c.setUserSettings(b -> b.accessToken(accessToken).mfaOptions(List.of())), west);

        assertThat(stack.outbox().entries()).hasSize(sent);
        assertThat(attributes(accessToken)).containsEntry("nickname", "N");
    }

    @Test
    void missingMembersAreCognitoValidationErrors() {
        for (Consumer<CognitoIdentityProviderClient> call : List.<Consumer<CognitoIdentityProviderClient>>of(
                c -> c.getUserAttributeVerificationCode(b -> b.accessToken("x")),
                c -> c.deleteUserAttributes(b -> b.accessToken("x")),
                c -> c.setUserSettings(b -> b.accessToken("x")),
                c -> c.updateAuthEventFeedback(b -> b.userPoolId(stack.userPoolId()).username("x")))) {
            assertThatThrownBy(() -> call.accept(east())).isInstanceOf(InvalidParameterException.class);
        }
    }

    private static void refused(Consumer<CognitoIdentityProviderClient> call, CognitoIdentityProviderClient client) {
        assertThatThrownBy(() -> call.accept(client)).isInstanceOfSatisfying(OperationNotEnabledException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage()).contains("read-only replica"));
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    private static Map<String, String> attributes(String accessToken) {
        var map = new HashMap<String, String>();
        east().getUser(b -> b.accessToken(accessToken)).userAttributes().forEach(a -> map.put(a.name(), a.value()));
        return map;
    }
}
