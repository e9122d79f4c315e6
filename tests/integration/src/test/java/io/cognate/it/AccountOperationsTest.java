package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ForgotPasswordResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * The account operations through the SDK's Cognito client: password reset and change, profile
 * change with e-mail verification, deletion; all refused by a secondary.
 */
@ExtendWith(AccountOperationsTest.Stack.class)
class AccountOperationsTest {
    private static final String NEW_PASSWORD = "Brand-New-Secret-7";
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

    @Test
    void forgottenPasswordIsResetWithTheMailedCode() {
        String username = atPrimary.newConfirmedUser();
        ForgotPasswordResponse sent = east().forgotPassword(b -> b.clientId(stack.clientId()).username(username));
        assertThat(sent.codeDeliveryDetails().destination()).isEqualTo("u***@e***");
        assertThat(sent.codeDeliveryDetails().attributeName()).isEqualTo("email");
        String code = stack.outbox().latestCodeFor(username).orElseThrow();
        assertThat(stack.outbox().entries().getLast().purpose()).isEqualTo("ForgotPassword");

        assertThatThrownBy(() -> east().confirmForgotPassword(b -> b.clientId(stack.clientId()).username(username)
                .confirmationCode(code).password("short"))).isInstanceOf(InvalidPasswordException.class);
        east().confirmForgotPassword(b -> b.clientId(stack.clientId()).username(username)
                .confirmationCode(code).password(NEW_PASSWORD));

        assertThat(atPrimary.signIn(username, NEW_PASSWORD).accessToken()).isNotBlank();
        assertThatThrownBy(() -> atPrimary.signIn(username, PoolUsers.PASSWORD)).isInstanceOf(NotAuthorizedException.class);
        // The code is used up.
        assertThatThrownBy(() -> east().confirmForgotPassword(b -> b.clientId(stack.clientId()).username(username)
                .confirmationCode(code).password("Another-Secret-8"))).isInstanceOf(CodeMismatchException.class);
    }

    @Test
    void forgotPasswordDoesNotRevealWhetherAUserExists() {
        String nobody = PoolUsers.newUsername();
        int before = stack.outbox().entries().size();
        ForgotPasswordResponse answer = east().forgotPassword(b -> b.clientId(stack.clientId()).username(nobody));
        assertThat(answer.codeDeliveryDetails().deliveryMediumAsString()).isEqualTo("EMAIL");
        assertThat(answer.codeDeliveryDetails().destination()).matches(".\\*\\*\\*@.\\*\\*\\*");
        assertThat(stack.outbox().latestCodeFor(nobody)).isEmpty();
        assertThat(stack.outbox().entries()).hasSize(before);
        assertThatThrownBy(() -> east().confirmForgotPassword(b -> b.clientId(stack.clientId()).username(nobody)
                .confirmationCode("123456").password(NEW_PASSWORD))).isInstanceOf(CodeMismatchException.class);
        // The two operations that show a destination show the same one, so neither gives the other away.
        assertThat(east().resendConfirmationCode(b -> b.clientId(stack.clientId()).username(nobody))
                .codeDeliveryDetails().destination()).isEqualTo(answer.codeDeliveryDetails().destination());
        String unconfirmed = PoolUsers.newUsername();
        atPrimary.signUp(unconfirmed, PoolUsers.PASSWORD);
        int codes = stack.outbox().entries().size();
        assertThat(east().forgotPassword(b -> b.clientId(stack.clientId()).username(unconfirmed)).codeDeliveryDetails())
                .isEqualTo(east().resendConfirmationCode(b -> b.clientId(stack.clientId()).username(unconfirmed))
                        .codeDeliveryDetails());
        assertThat(stack.outbox().entries()).hasSize(codes + 1); // the resend's code only
    }

    @Test
    void aResetCodeSurvivesOnlyAFewWrongGuesses() {
        String username = atPrimary.newConfirmedUser();
        east().forgotPassword(b -> b.clientId(stack.clientId()).username(username));
        String code = stack.outbox().latestCodeFor(username).orElseThrow();
        String wrong = code.equals("000000") ? "111111" : "000000";
        // Every refusal is the one an unknown user gets too, so the fifth does not tell who exists.
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> east().confirmForgotPassword(b -> b.clientId(stack.clientId()).username(username)
                    .confirmationCode(wrong).password(NEW_PASSWORD))).isInstanceOf(CodeMismatchException.class);
        }
        assertThatThrownBy(() -> east().confirmForgotPassword(b -> b.clientId(stack.clientId()).username(username)
                .confirmationCode(code).password(NEW_PASSWORD))).isInstanceOf(CodeMismatchException.class);
        assertThat(atPrimary.signIn(username, PoolUsers.PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    void signedInUserChangesTheirPassword() {
        String username = atPrimary.newConfirmedUser();
        String accessToken = atPrimary.signIn(username, PoolUsers.PASSWORD).accessToken();
        assertThatThrownBy(() -> east().changePassword(b -> b.accessToken(accessToken)
                .previousPassword("Not-The-Password-1").proposedPassword(NEW_PASSWORD)))
                .isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> east().changePassword(b -> b.accessToken(accessToken)
                .previousPassword(PoolUsers.PASSWORD).proposedPassword("weak"))).isInstanceOf(InvalidPasswordException.class);
        assertThatThrownBy(() -> east().changePassword(b -> b.accessToken("not-a-token")
                .previousPassword(PoolUsers.PASSWORD).proposedPassword(NEW_PASSWORD))).isInstanceOf(NotAuthorizedException.class);
        east().changePassword(b -> b.accessToken(accessToken).previousPassword(PoolUsers.PASSWORD).proposedPassword(NEW_PASSWORD));
        assertThat(atPrimary.signIn(username, NEW_PASSWORD).idToken()).isNotBlank();
        assertThatThrownBy(() -> atPrimary.signIn(username, PoolUsers.PASSWORD)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void profileChangesAndANewEmailIsVerifiedByCode() {
        String username = atPrimary.newConfirmedUser();
        String accessToken = atPrimary.signIn(username, PoolUsers.PASSWORD).accessToken();
        var none = east().updateUserAttributes(b -> b.accessToken(accessToken)
                .userAttributes(attribute("given_name", "Ada")));
        assertThat(none.codeDeliveryDetailsList()).isEmpty();

        String newEmail = "new-" + username + "@example.org";
        var sent = east().updateUserAttributes(b -> b.accessToken(accessToken).userAttributes(attribute("email", newEmail)));
        assertThat(sent.codeDeliveryDetailsList()).singleElement()
                .satisfies(d -> assertThat(d.destination()).isEqualTo("n***@e***"));
        // The change is pending: the verified address stays in force until the code comes back.
        assertThat(attributes(accessToken)).containsEntry("given_name", "Ada")
                .containsEntry("email", username + "@example.com").containsEntry("email_verified", "true");
        assertThat(stack.outbox().entries().getLast().destination()).isEqualTo(newEmail);

        String code = stack.outbox().latestCodeFor(username).orElseThrow();
        assertThatThrownBy(() -> east().verifyUserAttribute(b -> b.accessToken(accessToken).attributeName("email")
                .code(code.equals("000000") ? "111111" : "000000"))).isInstanceOf(CodeMismatchException.class);
        east().verifyUserAttribute(b -> b.accessToken(accessToken).attributeName("email").code(code));
        assertThat(attributes(accessToken)).containsEntry("email", newEmail).containsEntry("email_verified", "true");

        assertThatThrownBy(() -> east().updateUserAttributes(b -> b.accessToken(accessToken)
                .userAttributes(attribute("email_verified", "true")))).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> east().updateUserAttributes(b -> b.accessToken(accessToken)
                .userAttributes(attribute("no_such_attribute", "x")))).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void deletedUserIsGoneAndTheNameIsFreeAgain() {
        String username = atPrimary.newConfirmedUser();
        String accessToken = atPrimary.signIn(username, PoolUsers.PASSWORD).accessToken();
        east().deleteUser(b -> b.accessToken(accessToken));
        assertThatThrownBy(() -> east().getUser(b -> b.accessToken(accessToken))).isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> east().deleteUser(b -> b.accessToken(accessToken))).isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> atPrimary.signIn(username, PoolUsers.PASSWORD)).isInstanceOf(NotAuthorizedException.class);
        atPrimary.signUp(username, NEW_PASSWORD);
    }

    @Test
    void aSecondaryRefusesEveryAccountWrite() {
        String username = atPrimary.newConfirmedUser();
        String accessToken = atPrimary.signIn(username, PoolUsers.PASSWORD).accessToken();
        assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(20))).isTrue();
        CognitoIdentityProviderClient west = atSecondary.client();
        refused(c -> c.forgotPassword(b -> b.clientId(stack.clientId()).username(username)), west);
        refused(c -> c.confirmForgotPassword(b -> b.clientId(stack.clientId()).username(username)
                .confirmationCode("123456").password(NEW_PASSWORD)), west);
        refused(c -> c.changePassword(b -> b.accessToken(accessToken).previousPassword(PoolUsers.PASSWORD)
                .proposedPassword(NEW_PASSWORD)), west);
        refused(c -> c.updateUserAttributes(b -> b.accessToken(accessToken).userAttributes(attribute("name", "x"))), west);
        refused(c -> c.deleteUser(b -> b.accessToken(accessToken)), west);
        assertThat(atPrimary.signIn(username, PoolUsers.PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    void missingMembersAreCognitoValidationErrors() {
        for (Consumer<CognitoIdentityProviderClient> call : java.util.List.<Consumer<CognitoIdentityProviderClient>>of(
                c -> c.forgotPassword(b -> b.clientId(stack.clientId())),
                c -> c.confirmForgotPassword(b -> b.clientId(stack.clientId()).username("x")),
                c -> c.changePassword(b -> b.proposedPassword(NEW_PASSWORD)),
                c -> c.updateUserAttributes(b -> b.accessToken("x")),
                c -> c.verifyUserAttribute(b -> b.accessToken("x")),
                c -> c.deleteUser(b -> { }))) {
            assertThatThrownBy(() -> call.accept(east()))
                    .isInstanceOfSatisfying(CognitoIdentityProviderException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        }
    }

    private static void refused(Consumer<CognitoIdentityProviderClient> call, CognitoIdentityProviderClient client) {
        assertThatThrownBy(() -> call.accept(client)).isInstanceOfSatisfying(OperationNotEnabledException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage()).contains("read-only replica"));
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    private static java.util.Map<String, String> attributes(String accessToken) {
        var map = new java.util.HashMap<String, String>();
        east().getUser(b -> b.accessToken(accessToken)).userAttributes().forEach(a -> map.put(a.name(), a.value()));
        return map;
    }
}
