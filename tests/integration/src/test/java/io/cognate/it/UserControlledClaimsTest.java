package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.domain.AppClient;
import io.cognate.domain.Username;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * Finding 6 of the security review (docs/security.md), as attacks through the SDK's Cognito
 * client against the local stack: users controlled identity claims that apps trust. Any
 * {@code custom:*} attribute was writable by the user and copied into the ID token, and a
 * changed e-mail address was applied at once, unverified. Each test failed before the fix (those
 * with clients that list attributes could not be written before it: clients had no lists).
 */
@ExtendWith(UserControlledClaimsTest.Stack.class)
class UserControlledClaimsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNAUTHORIZED_ATTRIBUTE = "A client attempted to write unauthorized attribute";
    private static LocalCognate stack;
    private static LocalRegion primary;
    private static PoolUsers users;
    /** Lists what its users may write: a custom attribute among the standard ones it needs. */
    private static String planClientId;
    /** Reads only the e-mail claims. */
    private static String narrowClientId;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            primary = stack.regions().get(0);
            users = new PoolUsers(stack, primary.endpoint(), primary.name());
        }
    }

    @BeforeAll
    static void createClientsThatListAttributes() {
        var services = primary.services();
        planClientId = "plan" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        narrowClientId = "narrow" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        var leader = services.leaders().current().orElseThrow();
        services.directory().putClient(passwordClient(planClientId, "plans app").withAttributes(
                Set.of("email", "email_verified", "name", "custom:plan"),
                Set.of("email", "name", "custom:plan", "email_verified")), leader);
        services.directory().putClient(passwordClient(narrowClientId, "mail-only app").withAttributes(
                Set.of("email", "email_verified"), Set.of()), leader);
    }

    private static AppClient passwordClient(String clientId, String name) {
        return new AppClient(clientId, name, Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH, AppClient.ALLOW_REFRESH_TOKEN_AUTH),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30));
    }

    @AfterAll
    static void closeClients() {
        users.close();
    }

    private static CognitoIdentityProviderClient cognito() {
        return users.client();
    }

    @Test
    void finding6AUserCannotWriteACustomAttributeTheClientDoesNotList() {
        String username = users.newConfirmedUser();
        String accessToken = users.signIn(username, PoolUsers.PASSWORD).accessToken();

        assertThatThrownBy(() -> cognito().updateUserAttributes(b -> b.accessToken(accessToken)
                .userAttributes(attribute("custom:role", "admin"))))
                .isInstanceOfSatisfying(NotAuthorizedException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(UNAUTHORIZED_ATTRIBUTE));
        // Nothing of a refused request is applied, not even the attributes the client may write.
        assertThatThrownBy(() -> cognito().updateUserAttributes(b -> b.accessToken(accessToken)
                .userAttributes(attribute("given_name", "Mallory"), attribute("custom:tenant", "other-tenant"))))
                .isInstanceOf(NotAuthorizedException.class);

        assertThat(attributes(accessToken)).doesNotContainKeys("custom:role", "custom:tenant", "given_name");
        assertThat(idClaims(users.signIn(username, PoolUsers.PASSWORD).idToken()))
                .doesNotContainKeys("custom:role", "custom:tenant");
    }

    @Test
    void finding6ASignUpCannotWriteACustomAttributeTheClientDoesNotList() {
        String username = PoolUsers.newUsername();
        assertThatThrownBy(() -> cognito().signUp(b -> b.clientId(stack.clientId()).username(username)
                .password(PoolUsers.PASSWORD)
                .userAttributes(attribute("email", username + "@example.com"), attribute("custom:role", "admin"))))
                .isInstanceOfSatisfying(NotAuthorizedException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(UNAUTHORIZED_ATTRIBUTE));
        assertThat(primary.services().directory().findByUsername(Username.of(username))).isEmpty();
    }

    @Test
    void finding6AChangedEmailStaysPendingUntilVerified() {
        String username = users.newConfirmedUser();
        String oldEmail = username + "@example.com";
        String accessToken = users.signIn(username, PoolUsers.PASSWORD).accessToken();
        String newEmail = "victim-" + username + "@example.org";

        var sent = cognito().updateUserAttributes(b -> b.accessToken(accessToken).userAttributes(attribute("email", newEmail)));
        assertThat(sent.codeDeliveryDetailsList()).singleElement()
                .satisfies(d -> assertThat(d.destination()).isEqualTo("v***@e***"));
        assertThat(stack.outbox().entries().getLast().destination()).isEqualTo(newEmail);
        String code = stack.outbox().latestCodeFor(username).orElseThrow();

        // Until the code comes back, the verified address is the one in force, everywhere.
        assertThat(attributes(accessToken)).containsEntry("email", oldEmail).containsEntry("email_verified", "true");
        assertThat(idClaims(users.signIn(username, PoolUsers.PASSWORD).idToken()))
                .containsEntry("email", oldEmail).containsEntry("email_verified", true);

        assertThatThrownBy(() -> cognito().verifyUserAttribute(b -> b.accessToken(accessToken).attributeName("email")
                .code(code.equals("000000") ? "111111" : "000000"))).isInstanceOf(CodeMismatchException.class);
        assertThat(attributes(accessToken)).containsEntry("email", oldEmail).containsEntry("email_verified", "true");

        cognito().verifyUserAttribute(b -> b.accessToken(accessToken).attributeName("email").code(code));
        assertThat(attributes(accessToken)).containsEntry("email", newEmail).containsEntry("email_verified", "true");
        assertThat(idClaims(users.signIn(username, PoolUsers.PASSWORD).idToken()))
                .containsEntry("email", newEmail).containsEntry("email_verified", true);
        // The code is used up with the change it verified.
        assertThatThrownBy(() -> cognito().verifyUserAttribute(b -> b.accessToken(accessToken).attributeName("email")
                .code(code))).isInstanceOf(CodeMismatchException.class);
    }

    @Test
    void finding6AnUnverifiedChangeLeavesTheOldAddressWorking() {
        String username = users.newConfirmedUser();
        String oldEmail = username + "@example.com";
        String accessToken = users.signIn(username, PoolUsers.PASSWORD).accessToken();
        cognito().updateUserAttributes(b -> b.accessToken(accessToken)
                .userAttributes(attribute("email", "someone-elses-" + username + "@example.com")));

        // A forgotten password is still reset through the address the user has proven.
        var answer = cognito().forgotPassword(b -> b.clientId(stack.clientId()).username(username));
        assertThat(answer.codeDeliveryDetails().destination()).isEqualTo("u***@e***");
        assertThat(stack.outbox().entries().getLast().destination()).isEqualTo(oldEmail);
        String code = stack.outbox().latestCodeFor(username).orElseThrow();
        cognito().confirmForgotPassword(b -> b.clientId(stack.clientId()).username(username)
                .confirmationCode(code).password("Brand-New-Secret-7"));
        assertThat(users.signIn(username, "Brand-New-Secret-7").idToken()).isNotBlank();
    }

    @Test
    void finding6AClientThatListsACustomAttributeLetsUsersWriteThatOneOnly() {
        String username = PoolUsers.newUsername();
        cognito().signUp(b -> b.clientId(planClientId).username(username).password(PoolUsers.PASSWORD)
                .userAttributes(attribute("email", username + "@example.com"), attribute("custom:plan", "free")));
        cognito().confirmSignUp(b -> b.clientId(planClientId).username(username)
                .confirmationCode(stack.outbox().latestCodeFor(username).orElseThrow()));
        String accessToken = signIn(planClientId, username).accessToken();

        cognito().updateUserAttributes(b -> b.accessToken(accessToken)
                .userAttributes(attribute("custom:plan", "pro"), attribute("name", "Ada")));
        assertThat(attributes(accessToken)).containsEntry("custom:plan", "pro").containsEntry("name", "Ada");
        for (AttributeType unlisted : new AttributeType[] {attribute("custom:role", "admin"),
                attribute("given_name", "Ada"), attribute("email_verified", "true")}) {
            assertThatThrownBy(() -> cognito().updateUserAttributes(b -> b.accessToken(accessToken).userAttributes(unlisted)))
                    .as(unlisted.name())
                    .isInstanceOfSatisfying(NotAuthorizedException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(UNAUTHORIZED_ATTRIBUTE));
        }
        // The same user through the default client: it may not write custom attributes at all.
        String defaultToken = users.signIn(username, PoolUsers.PASSWORD).accessToken();
        assertThatThrownBy(() -> cognito().updateUserAttributes(b -> b.accessToken(defaultToken)
                .userAttributes(attribute("custom:plan", "enterprise")))).isInstanceOf(NotAuthorizedException.class);
        assertThat(attributes(accessToken)).containsEntry("custom:plan", "pro").doesNotContainKeys("custom:role", "given_name");
    }

    @Test
    void finding6AnIdTokenAndGetUserShowOnlyWhatTheClientMayRead() {
        String username = PoolUsers.newUsername();
        cognito().signUp(b -> b.clientId(planClientId).username(username).password(PoolUsers.PASSWORD)
                .userAttributes(attribute("email", username + "@example.com"), attribute("name", "Ada"),
                        attribute("custom:plan", "pro")));
        cognito().confirmSignUp(b -> b.clientId(planClientId).username(username)
                .confirmationCode(stack.outbox().latestCodeFor(username).orElseThrow()));

        var narrow = signIn(narrowClientId, username);
        assertThat(idClaims(narrow.idToken())).containsEntry("email", username + "@example.com")
                .containsEntry("email_verified", true).doesNotContainKeys("name", "custom:plan");
        assertThat(attributes(narrow.accessToken())).containsOnlyKeys("sub", "email", "email_verified");
        // A refreshed ID token follows the same list.
        var refreshed = cognito().initiateAuth(b -> b.clientId(narrowClientId).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", narrow.refreshToken()))).authenticationResult();
        assertThat(idClaims(refreshed.idToken())).doesNotContainKeys("name", "custom:plan");

        var plans = signIn(planClientId, username);
        assertThat(idClaims(plans.idToken())).containsEntry("name", "Ada").containsEntry("custom:plan", "pro");
    }

    private static software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType signIn(
            String clientId, String username) {
        return cognito().initiateAuth(b -> b.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", PoolUsers.PASSWORD))).authenticationResult();
    }

    static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    private static Map<String, String> attributes(String accessToken) {
        var map = new HashMap<String, String>();
        cognito().getUser(b -> b.accessToken(accessToken)).userAttributes().forEach(a -> map.put(a.name(), a.value()));
        return map;
    }

    /** The claims of a token as the app reads them (its signature is the verifier's business). */
    static Map<String, Object> idClaims(String token) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = JSON.readValue(Base64.getUrlDecoder().decode(token.split("\\.")[1]), Map.class);
            return claims;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
