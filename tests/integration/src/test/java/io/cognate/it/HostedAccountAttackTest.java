package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.cognate.local.LocalCognate;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/**
 * Attacks on the hosted account pages by a plain HTTP agent that never follows a redirect:
 * forged posts (no or a wrong CSRF token) on every form, user enumeration through
 * /forgotPassword, /confirmForgotPassword and /signup, code guessing on /confirmUser counted by
 * the counter ConfirmSignUp uses, and malformed input answered 400, never 500.
 */
@ExtendWith(HostedAccountAttackTest.Stack.class)
class HostedAccountAttackTest {
    private static final String[] FORMS = {"/signup", "/confirmUser", "/forgotPassword", "/confirmForgotPassword"};
    private static LocalCognate stack;
    private static OAuthApps apps;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            apps = OAuthApps.on(stack);
        }
    }

    private static Map<String, String> request() {
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue();
        return apps.authorize(apps.publicClient, challenge, "s", "n");
    }

    private static URI at(String path) {
        return stack.primary().endpoint().resolve(path);
    }

    /** The agent's CSRF token, from a first visit to /signup. */
    private static String csrf(HostedAgent agent, Map<String, String> request) {
        HttpResponse<String> page = agent.get(at("/signup?" + HostedAgent.form(request)));
        assertThat(page.statusCode()).isEqualTo(200);
        return HostedAgent.csrf(page.body());
    }

    private static HttpResponse<String> post(HostedAgent agent, String path, Map<String, String> request, String csrf,
                                             Map<String, String> fields) {
        var form = new LinkedHashMap<>(request);
        if (csrf != null) {
            form.put("_csrf", csrf);
        }
        form.putAll(fields);
        return agent.post(at(path), HostedAgent.form(form));
    }

    /** The page but for its style nonce and the echoed username. */
    private static String normalized(String page, String username) {
        return page.replace(username, "USER").replaceAll("nonce=\"[^\"]+\"", "nonce=\"N\"");
    }

    @Test
    void everyAccountFormRefusesAPostWithoutTheCsrfTokenAndDoesNothing() {
        var agent = new HostedAgent();
        var request = request();
        String csrf = csrf(agent, request);
        String username = Accounts.newUsername();
        Map<String, String> fields = Map.of("username", username, "email", username + "@example.com",
                "password", Accounts.PASSWORD, "code", "123456", "new_password", Accounts.PASSWORD);
        for (String path : FORMS) {
            for (String token : new String[] {null, "", csrf + "x", "AAAAAAAAAAAAAAAAAAAAAA"}) {
                HttpResponse<String> forged = post(agent, path, request, token, fields);
                assertThat(forged.statusCode()).as("%s %s", path, token).isEqualTo(403);
            }
            // A token without its cookie (another browser's page) is refused too.
            HttpResponse<String> noCookie = post(new HostedAgent(), path, request, csrf, fields);
            assertThat(noCookie.statusCode()).as(path).isEqualTo(403);
        }
        // The forged sign-up wrote nothing and sent nothing.
        assertThat(stack.outbox().latestCodeFor(username)).isEmpty();
        HttpResponse<String> real = post(agent, "/signup", request, csrf, fields);
        assertThat(real.statusCode()).as(real.body()).isEqualTo(200);
        assertThat(stack.outbox().latestCodeFor(username)).isPresent();
    }

    @Test
    void forgotPasswordShowsAnUnknownUserExactlyWhatAKnownUserSees() {
        String known = Accounts.confirmedUser(stack);
        String unknown = Accounts.newUsername();
        var agent = new HostedAgent();
        var request = request();
        String csrf = csrf(agent, request);
        HttpResponse<String> knownPage = post(agent, "/forgotPassword", request, csrf, Map.of("username", known));
        HttpResponse<String> unknownPage = post(agent, "/forgotPassword", request, csrf, Map.of("username", unknown));
        assertThat(knownPage.statusCode()).isEqualTo(200).isEqualTo(unknownPage.statusCode());
        assertThat(normalized(unknownPage.body(), unknown)).isEqualTo(normalized(knownPage.body(), known));
        assertThat(knownPage.body()).doesNotContain("@e***").doesNotContain("@example.com");

        // A wrong code for a known user reads as any code for an unknown one.
        Map<String, String> wrong = Map.of("code", "000000", "new_password", "Another-Pass-77");
        var knownFields = new LinkedHashMap<>(wrong);
        knownFields.put("username", known);
        var unknownFields = new LinkedHashMap<>(wrong);
        unknownFields.put("username", unknown);
        String code = stack.outbox().latestCodeFor(known).orElseThrow();
        if (code.equals("000000")) {
            knownFields.put("code", "111111");
            unknownFields.put("code", "111111");
        }
        HttpResponse<String> knownReset = post(agent, "/confirmForgotPassword", request, csrf, knownFields);
        HttpResponse<String> unknownReset = post(agent, "/confirmForgotPassword", request, csrf, unknownFields);
        assertThat(knownReset.statusCode()).isEqualTo(400).isEqualTo(unknownReset.statusCode());
        assertThat(normalized(unknownReset.body(), unknown)).isEqualTo(normalized(knownReset.body(), known));
    }

    @Test
    void signUpWithATakenUsernameSaysNoMoreThanTheApiAndSendsNothing() {
        String taken = Accounts.confirmedUser(stack);
        String apiMessage;
        try (var east = TwoRegionStoryTest.cognito(stack.primary())) {
            var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(UsernameExistsException.class, () ->
                    east.signUp(b -> b.clientId(apps.publicClient).username(taken).password(Accounts.PASSWORD)
                            .userAttributes(AttributeType.builder().name("email").value("x@example.com").build())));
            apiMessage = thrown.awsErrorDetails().errorMessage();
        }
        String codeBefore = stack.outbox().latestCodeFor(taken).orElseThrow();
        var agent = new HostedAgent();
        var request = request();
        HttpResponse<String> page = post(agent, "/signup", request, csrf(agent, request),
                Map.of("username", taken, "email", "attacker@example.com", "password", Accounts.PASSWORD));
        assertThat(page.statusCode()).isEqualTo(400);
        String error = page.body().replaceAll("(?s).*id=\"field-username-error\" role=\"alert\">([^<]*)</p>.*", "$1");
        assertThat(error).isEqualTo(apiMessage);
        assertThat(page.body()).doesNotContain(taken + "@example.com").doesNotContain("e***");
        assertThat(stack.outbox().latestCodeFor(taken)).contains(codeBefore);
    }

    @Test
    void confirmUserCodeGuessesAreCountedWithConfirmSignUpsAndTheSixthIsRefusedEvenWhenRight() {
        String username = Accounts.newUsername();
        try (var east = TwoRegionStoryTest.cognito(stack.primary())) {
            east.signUp(b -> b.clientId(apps.publicClient).username(username).password(Accounts.PASSWORD)
                    .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
            String code = stack.outbox().latestCodeFor(username).orElseThrow();
            String wrong = code.equals("000000") ? "111111" : "000000";
            var agent = new HostedAgent();
            var request = request();
            String csrf = csrf(agent, request);
            for (int guess = 0; guess < 5; guess++) {
                HttpResponse<String> page = post(agent, "/confirmUser", request, csrf, Map.of("username", username, "code", wrong));
                assertThat(page.statusCode()).isEqualTo(400);
                assertThat(page.body()).contains("Invalid verification code");
            }
            HttpResponse<String> right = post(agent, "/confirmUser", request, csrf, Map.of("username", username, "code", code));
            assertThat(right.statusCode()).isEqualTo(400);
            assertThat(right.body()).doesNotContain("Your account is confirmed");
            // The API's ConfirmSignUp reads the same counter.
            assertThatThrownBy(() -> east.confirmSignUp(b -> b.clientId(apps.publicClient).username(username)
                    .confirmationCode(code))).isInstanceOf(CodeMismatchException.class);
        }
    }

    @Test
    void malformedInputIsA400NeverA500() {
        var agent = new HostedAgent();
        var request = request();
        String csrf = csrf(agent, request);
        for (String path : FORMS) {
            assertThat(agent.post(at(path), "username=%zz&_csrf=" + csrf).statusCode()).as(path).isEqualTo(400);
            HttpResponse<String> huge = post(agent, path, request, csrf, Map.of("username", "u".repeat(3000),
                    "email", "e".repeat(3000), "password", "p".repeat(3000), "code", "1".repeat(3000),
                    "new_password", "p".repeat(3000)));
            assertThat(huge.statusCode()).as(path).isEqualTo(400);
            HttpResponse<String> noRequest = post(agent, path, Map.of(), csrf, Map.of("username", "someone"));
            assertThat(noRequest.statusCode()).as(path).isEqualTo(400);
        }
        for (String path : new String[] {"/signup", "/confirmUser", "/forgotPassword"}) {
            assertThat(agent.get(at(path + "?client_id=%C3%28&redirect_uri=%FF")).statusCode()).as(path).isEqualTo(400);
            assertThat(agent.get(at(path)).statusCode()).as(path).isEqualTo(400);
        }
    }
}
