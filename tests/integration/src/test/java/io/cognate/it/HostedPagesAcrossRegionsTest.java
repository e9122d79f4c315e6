package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.cognate.domain.Username;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.local.LocalRegion;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;

/**
 * The hosted pages in a headless browser (HtmlUnit, no JavaScript) and an unmodified relying
 * party (Nimbus oauth2-oidc-sdk) in both regions of a pool that forwards writes. While the primary
 * leads, the account pages at the secondary's own endpoint sign up, confirm and reset: each write
 * is made at the leader and the secondary renders its answer, and wrong codes sent there count on
 * the leader's one counter. Then the primary fails, the secondary is promoted, and the whole flow
 * (authorize → hosted login → TOTP → callback → code + PKCE → validated ID token → userInfo →
 * logout) runs at the new leader, through the pool's front door and at its own endpoint, and a
 * first-time user signs up there. The class runs its own stack (the shared one does not forward
 * writes); its last test takes the primary down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostedPagesAcrossRegionsTest {
    private static final String NEW_PASSWORD = "Hosted-Reset-42";
    private static LocalCognate stack;
    private static LocalRegion primary;
    private static LocalRegion secondary;
    private static OAuthApps apps;

    @BeforeAll
    static void start() {
        stack = LocalCognate.start(LocalOptions.ephemeral(), new PrintStream(OutputStream.nullOutputStream()));
        primary = stack.regions().get(0);
        secondary = stack.regions().get(1);
        assertThat(stack.writeForwarding()).as("on by default").isTrue();
        apps = OAuthApps.on(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    @Order(1)
    void aBrowserSignsUpAndConfirmsAtTheSecondaryWhileThePrimaryLeadsAndSignsInThere() throws Exception {
        String username = Accounts.newUsername();
        var state = new State();
        var nonce = new Nonce();
        var verifier = new CodeVerifier();
        try (WebClient browser = HostedBrowsers.browser()) {
            HtmlPage login = browser.getPage(authorizeUri(secondary.endpoint(), state, nonce, verifier).toURL());
            assertThat(login.getUrl().getPath()).isEqualTo("/login");
            HtmlPage signUp = login.getAnchorByText("Need an account? Sign up").click();
            HtmlForm form = signUp.getForms().get(0);
            form.getInputByName("username").setValue(username);
            form.getInputByName("email").setValue(username + "@example.com");
            form.getInputByName("password").setValue("short");
            HtmlPage refused = submit(form);
            // The leader's password policy, told at the secondary's password field.
            assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
            assertThat(refused.getHtmlElementById("field-password").getAttribute("aria-invalid")).isEqualTo("true");

            form = refused.getForms().get(0);
            form.getInputByName("password").setValue(Accounts.PASSWORD);
            HtmlPage confirm = submit(form);
            assertThat(confirm.asNormalizedText()).contains("Confirm your account").contains("u***@e***");
            assertThat(confirm.getUrl().getPort()).isEqualTo(secondary.endpoint().getPort());
            // Written at the leader, not here: the primary holds the user at once.
            assertThat(primary.services().directory().findByUsername(Username.of(username))).isPresent();

            HtmlForm confirmForm = confirm.getForms().get(0);
            confirmForm.getInputByName("code").setValue(stack.outbox().latestCodeFor(username).orElseThrow());
            HtmlPage signIn = submit(confirmForm);
            assertThat(signIn.asNormalizedText()).contains("Your account is confirmed. Sign in.");
            HtmlForm signInForm = signIn.getForms().get(0);
            signInForm.getInputByName("password").setValue(Accounts.PASSWORD);
            // Read your writes: the confirmation made at the leader signs in here at once.
            Page landed = signInForm.getOneHtmlElementByAttribute("button", "type", "submit").click();
            assertThat(landed.getUrl().toString()).startsWith(apps.callback.toString());
            var callback = HostedAgent.queryOf(landed.getUrl().toString());
            assertThat(callback).containsEntry("state", state.getValue());
            Provider atSecondary = Provider.of(discover(), secondary.endpoint());
            exchange(atSecondary, callback.get("code"), verifier, nonce, username);
        }
    }

    @Test
    @Order(2)
    void aBrowserResetsAForgottenPasswordAtTheSecondaryWhileThePrimaryLeads() throws Exception {
        String username = Accounts.confirmedUser(stack);
        var state = new State();
        var nonce = new Nonce();
        var verifier = new CodeVerifier();
        try (WebClient browser = HostedBrowsers.browser()) {
            HtmlPage login = browser.getPage(authorizeUri(secondary.endpoint(), state, nonce, verifier).toURL());
            HtmlPage forgot = login.getAnchorByText("Forgot your password?").click();
            HtmlForm form = forgot.getForms().get(0);
            form.getInputByName("username").setValue(username);
            HtmlPage reset = submit(form);
            assertThat(reset.asNormalizedText()).contains("Reset your password");
            HtmlForm resetForm = reset.getForms().get(0);
            resetForm.getInputByName("code").setValue(stack.outbox().latestCodeFor(username).orElseThrow());
            resetForm.getInputByName("new_password").setValue(NEW_PASSWORD);
            HtmlPage signIn = submit(resetForm);
            assertThat(signIn.asNormalizedText()).contains("Your password has been changed. Sign in.");

            HtmlForm signInForm = signIn.getForms().get(0);
            signInForm.getInputByName("password").setValue(NEW_PASSWORD);
            Page landed = signInForm.getOneHtmlElementByAttribute("button", "type", "submit").click();
            assertThat(landed.getUrl().toString()).startsWith(apps.callback.toString());
            exchange(Provider.of(discover(), secondary.endpoint()), HostedAgent.queryOf(landed.getUrl().toString()).get("code"),
                    verifier, nonce, username);
        }
        // The new password is the leader's too.
        try (var atPrimary = TwoRegionStoryTest.cognito(primary)) {
            assertThat(atPrimary.initiateAuth(b -> b.clientId(stack.clientId())
                    .authFlow(software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(java.util.Map.of("USERNAME", username, "PASSWORD", NEW_PASSWORD)))
                    .authenticationResult().accessToken()).isNotBlank();
        }
    }

    /** Attack: code guesses on the secondary's /confirmUser count on the leader's counter, once. */
    @Test
    @Order(3)
    void wrongConfirmationCodesAtTheSecondaryCountOnTheLeadersCounter() {
        String guesser = Accounts.newUsername();
        try (var atPrimary = TwoRegionStoryTest.cognito(primary)) {
            atPrimary.signUp(b -> b.clientId(stack.clientId()).username(guesser).password(Accounts.PASSWORD)
                    .userAttributes(a -> a.name("email").value(guesser + "@example.com")));
            Accounts.awaitReplicated(stack);
            String right = stack.outbox().latestCodeFor(guesser).orElseThrow();
            String wrong = String.format("%06d", (Integer.parseInt(right) + 1) % 1_000_000);

            var agent = new HostedAgent();
            URI page = secondary.endpoint().resolve("/confirmUser?" + authorizeQuery(new State(), new Nonce(), new CodeVerifier())
                    + "&username=" + guesser);
            var first = agent.get(page);
            assertThat(first.statusCode()).isEqualTo(200);
            String csrf = HostedAgent.csrf(first.body());
            var fields = new java.util.LinkedHashMap<>(HostedAgent.queryOf(page.toString()));
            fields.put("_csrf", csrf);
            fields.put("code", wrong);
            for (int guess = 0; guess < 5; guess++) {
                var answer = agent.post(secondary.endpoint().resolve("/confirmUser"), HostedAgent.form(fields));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
                assertThat(answer.body()).contains("Invalid verification code provided");
            }
            // Five wrong guesses at the secondary used the code up at the leader: the right one is refused there.
            assertThatThrownBy(() -> atPrimary.confirmSignUp(b -> b.clientId(stack.clientId()).username(guesser)
                    .confirmationCode(right))).isInstanceOf(CodeMismatchException.class);
        }
    }

    /** Attack: one code sent twice at the same moment to the region that issued it: one answer has tokens. */
    @Test
    @Order(4)
    void aCodeRedeemedTwiceAtTheSameMomentInOneRegionGivesTokensOnce() throws Exception {
        String username = Accounts.confirmedUser(stack);
        var issued = signedInCode(primary.endpoint(), username);
        List<Integer> answers = atTheSameMoment(List.of(primary.endpoint(), primary.endpoint()), issued);
        assertThat(answers).containsExactlyInAnyOrder(200, 400);
    }

    /**
     * Attack: one code sent at the same moment to both regions, inside the replication window (the
     * replicator paused, so neither region has seen the other's claim): only the issuing region
     * gives tokens; the other claims the code too, and refuses it.
     */
    @Test
    @Order(5)
    void aCodeRedeemedAtTheSameMomentInBothRegionsGivesTokensOnce() throws Exception {
        String username = Accounts.confirmedUser(stack);
        var issued = signedInCode(primary.endpoint(), username);
        // The code itself has reached the secondary; the claims made from now on stay where they are made.
        Accounts.awaitReplicated(stack);
        stack.setReplication(true, 0);
        List<Integer> answers;
        try {
            answers = atTheSameMoment(List.of(primary.endpoint(), secondary.endpoint()), issued);
        } finally {
            stack.setReplication(false, 0);
        }
        assertThat(answers).containsExactly(200, 400);
        Accounts.awaitReplicated(stack);
        // Once the claims have met, the code is spent in both regions.
        assertThat(atTheSameMoment(List.of(primary.endpoint(), secondary.endpoint()), issued)).containsExactly(400, 400);
    }

    /**
     * SP-initiated SAML at the secondary's own endpoint while the primary leads: the AuthnRequest
     * names the secondary's consumer URL, the IdP posts the signed answer there, the brand-new
     * federated user is made at the leader (forwarded) and read back, and the code is redeemed at
     * the secondary. An answer addressed to another site's consumer URL is refused there.
     */
    @Test
    @Order(6)
    void aBrowserSignsInThroughSamlAtTheSecondarysOwnEndpoint() throws Exception {
        var idp = io.cognate.testing.saml.TestSamlIdp.trusted();
        String provider = "Corp-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String client;
        try (var admin = PoolUsers.adminClient(stack, primary.endpoint(), primary.name())) {
            admin.createIdentityProvider(b -> b.userPoolId(stack.userPoolId()).providerName(provider)
                    .providerType(software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType.SAML)
                    .providerDetails(java.util.Map.of("MetadataFile", idp.metadataXml()))
                    .attributeMapping(java.util.Map.of("email", "email")));
            client = admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId()).clientName("saml-at-secondary")
                    .generateSecret(false)
                    .allowedOAuthFlowsUserPoolClient(true)
                    .allowedOAuthFlows(software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType.CODE)
                    .allowedOAuthScopes("openid", "email").callbackURLs(apps.callback.toString())
                    .supportedIdentityProviders(provider)).userPoolClient().clientId();
        }
        Accounts.awaitReplicated(stack);

        var verifier = new CodeVerifier();
        var nonce = new Nonce();
        String state = "saml-" + java.util.UUID.randomUUID();
        URI authorize = secondary.endpoint().resolve("/oauth2/authorize?" + new AuthenticationRequest.Builder(ResponseType.CODE,
                new Scope("openid", "email"), new ClientID(client), apps.callback).state(new State(state)).nonce(nonce)
                .endpointURI(URI.create("/oauth2/authorize")).codeChallenge(verifier, CodeChallengeMethod.S256)
                .customParameter("identity_provider", provider).build().toURI().getRawQuery());
        var agent = new HostedAgent();
        var toIdp = agent.get(authorize);
        assertThat(toIdp.statusCode()).as(toIdp.body()).isEqualTo(302);
        var request = HostedAgent.queryOf(toIdp.headers().firstValue("location").orElseThrow());
        String authnRequest = inflate(request.get("SAMLRequest"));
        String secondaryAcs = secondary.endpoint().resolve("/saml2/idpresponse").toString();
        assertThat(authnRequest).contains("AssertionConsumerServiceURL=\"" + secondaryAcs + "\"");
        var matcher = java.util.regex.Pattern.compile("\\sID=\"([^\"]+)\"").matcher(authnRequest);
        assertThat(matcher.find()).isTrue();
        String subject = "grace-" + java.util.UUID.randomUUID() + "@example.com";

        // Addressed to another site's consumer: refused at the secondary, and the request is not spent.
        var elsewhere = new io.cognate.testing.saml.TestSamlIdp.Response("https://sp.example.net/saml2/idpresponse",
                "urn:amazon:cognito:sp:" + stack.userPoolId(), matcher.group(1), Clock.systemUTC().instant());
        elsewhere.nameIdXml = subject;
        elsewhere.attributes = java.util.Map.of("email", subject);
        assertThat(agent.post(secondary.endpoint().resolve("/saml2/idpresponse"), HostedAgent.form(java.util.Map.of(
                "SAMLResponse", idp.signedResponse(elsewhere), "RelayState", request.get("RelayState")))).statusCode())
                .isEqualTo(400);

        var answer = new io.cognate.testing.saml.TestSamlIdp.Response(secondaryAcs,
                "urn:amazon:cognito:sp:" + stack.userPoolId(), matcher.group(1), Clock.systemUTC().instant());
        answer.nameIdXml = subject;
        answer.attributes = java.util.Map.of("email", subject);
        var landed = agent.post(secondary.endpoint().resolve("/saml2/idpresponse"), HostedAgent.form(java.util.Map.of(
                "SAMLResponse", idp.signedResponse(answer), "RelayState", request.get("RelayState"))));
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(302);
        var callback = HostedAgent.queryOf(landed.headers().firstValue("location").orElseThrow());
        assertThat(callback).containsEntry("state", state).containsKey("code");

        OIDCProviderMetadata metadata = discover();
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(secondary.endpoint().resolve("/oauth2/token"),
                new ClientID(client), new AuthorizationCodeGrant(new AuthorizationCode(callback.get("code")), apps.callback,
                verifier)).toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as(() -> response.toErrorResponse().getErrorObject().toString()).isTrue();
        IDTokenClaimsSet claims = new IDTokenValidator(metadata.getIssuer(), new ClientID(client), JWSAlgorithm.RS256,
                secondary.endpoint().resolve("/.well-known/jwks.json").toURL())
                .validate(response.toSuccessResponse().getTokens().toOIDCTokens().getIDToken(), nonce);
        assertThat(claims.getStringClaim("cognito:username")).isEqualTo(provider + "_" + subject);
        // Made at the leader, not here.
        assertThat(primary.services().directory().findByUsername(Username.of(provider + "_" + subject))).isPresent();
    }

    /**
     * The leader down and not yet replaced: an account page's write at the secondary cannot be
     * made. The page comes back as a 503 with Retry-After and a message read out as an alert,
     * the form filled in again (never the password), nothing written in either region; once
     * the leader answers, the same post goes through.
     */
    @Test
    @Order(7)
    void withTheLeaderUnreachableAnAccountPageAtTheSecondaryAsksToRetryAndKeepsTheForm() {
        String username = Accounts.newUsername();
        String email = username + "@example.com";
        String password = "Unsent-" + java.util.UUID.randomUUID();
        var agent = new HostedAgent();
        URI page = secondary.endpoint().resolve("/signup?" + authorizeQuery(new State(), new Nonce(), new CodeVerifier()));
        var form = agent.get(page);
        assertThat(form.statusCode()).isEqualTo(200);
        var fields = new java.util.LinkedHashMap<>(HostedAgent.queryOf(page.toString()));
        fields.put("_csrf", HostedAgent.csrf(form.body()));
        fields.put("username", username);
        fields.put("email", email);
        fields.put("password", password);

        stack.setOutage(primary.name(), true);
        try {
            var refused = agent.post(secondary.endpoint().resolve("/signup"), HostedAgent.form(fields));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("retry-after")).hasValueSatisfying(
                    seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
            assertThat(refused.body()).contains("aria-describedby=\"form-error\"").contains("id=\"form-error\" role=\"alert\"")
                    .contains("Try again").doesNotContain("could not forward")
                    .contains("id=\"field-username\"").contains("value=\"" + username + "\"")
                    .contains("value=\"" + email + "\"").doesNotContain(password);

            var confirm = new java.util.LinkedHashMap<>(fields);
            confirm.remove("password");
            confirm.remove("email");
            confirm.put("code", "123456");
            var confirmRefused = agent.post(secondary.endpoint().resolve("/confirmUser"), HostedAgent.form(confirm));
            assertThat(confirmRefused.statusCode()).isEqualTo(503);
            assertThat(confirmRefused.body()).contains("value=\"" + username + "\"").contains("id=\"form-error\" role=\"alert\"");

            var forgot = new java.util.LinkedHashMap<>(confirm);
            forgot.remove("code");
            var forgotRefused = agent.post(secondary.endpoint().resolve("/forgotPassword"), HostedAgent.form(forgot));
            assertThat(forgotRefused.statusCode()).isEqualTo(503);
            assertThat(forgotRefused.body()).contains("value=\"" + username + "\"").contains("id=\"form-error\" role=\"alert\"");

            // Nothing half-written: neither region holds the user.
            assertThat(primary.services().directory().findByUsername(Username.of(username))).isEmpty();
            assertThat(secondary.services().directory().findByUsername(Username.of(username))).isEmpty();
        } finally {
            stack.setOutage(primary.name(), false);
        }
        assertThat(stack.activeRegion()).as("no failover was run").isEqualTo(primary.name());

        // The same post, the leader back: made there, and the page goes on to confirming.
        var retried = agent.post(secondary.endpoint().resolve("/signup"), HostedAgent.form(fields));
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(retried.body()).contains("Confirm your account");
        assertThat(primary.services().directory().findByUsername(Username.of(username))).isPresent();
    }

    /** The XML of an HTTP-Redirect binding's SAMLRequest (base64 of raw DEFLATE). */
    private static String inflate(String samlRequest) throws Exception {
        var inflater = new java.util.zip.Inflater(true);
        inflater.setInput(java.util.Base64.getDecoder().decode(samlRequest));
        var xml = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!inflater.finished()) {
            int read = inflater.inflate(buffer);
            if (read == 0 && inflater.needsInput()) {
                break;
            }
            xml.write(buffer, 0, read);
        }
        inflater.end();
        return xml.toString(StandardCharsets.UTF_8);
    }

    private record Issued(String code, CodeVerifier verifier) {
    }

    /** A code from the hosted sign-in at {@code region}, stopped at the callback, not yet redeemed. */
    private static Issued signedInCode(URI region, String username) throws Exception {
        var verifier = new CodeVerifier();
        try (WebClient browser = HostedBrowsers.browser()) {
            HtmlPage login = browser.getPage(authorizeUri(region, new State(), new Nonce(), verifier).toURL());
            HtmlForm form = login.getForms().get(0);
            form.getInputByName("username").setValue(username);
            form.getInputByName("password").setValue(Accounts.PASSWORD);
            Page landed = form.getOneHtmlElementByAttribute("button", "type", "submit").click();
            assertThat(landed.getUrl().toString()).startsWith(apps.callback.toString());
            return new Issued(HostedAgent.queryOf(landed.getUrl().toString()).get("code"), verifier);
        }
    }

    /** The token endpoint's status for the same code sent to each of {@code regions}, all released at once. */
    private static List<Integer> atTheSameMoment(List<URI> regions, Issued issued) throws Exception {
        var start = new java.util.concurrent.CyclicBarrier(regions.size());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(regions.size());
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (URI region : regions) {
                var request = new TokenRequest(region.resolve("/oauth2/token"), new ClientID(apps.publicClient),
                        new AuthorizationCodeGrant(new AuthorizationCode(issued.code()), apps.callback, issued.verifier()))
                        .toHTTPRequest();
                futures.add(pool.submit(() -> {
                    start.await(20, java.util.concurrent.TimeUnit.SECONDS);
                    return request.send().getStatusCode();
                }));
            }
            var statuses = new java.util.ArrayList<Integer>();
            for (var future : futures) {
                statuses.add(future.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(10)
    void afterTheFailoverTheWholeBrowserFlowRunsAtTheNewLeaderAndANewUserSignsUpThere() throws Exception {
        String username = Accounts.confirmedUser(stack);
        Rfc6238Codes phone = HostedBrowsers.enrolTotp(primary, stack.clientId(), username);
        Accounts.awaitReplicated(stack);

        stack.setOutage(primary.name(), true);
        for (int run = 0; run < 4 && !secondary.name().equals(stack.activeRegion()); run++) {
            stack.runScheduledCheck(secondary.name());
        }
        assertThat(stack.activeRegion()).isEqualTo(secondary.name());
        assertThat(stack.trafficRegion()).contains(secondary.name());

        // Discovery at the issuer (the pool's domain) now reaches the promoted region.
        OIDCProviderMetadata metadata = discover();
        signInWithTotp(Provider.of(metadata, stack.frontDoorEndpoint()), username, phone);
        signInWithTotp(Provider.of(metadata, secondary.endpoint()), username, phone);

        // A first-time user signs up through the hosted page at the new leader, through the front door.
        String newcomer = Accounts.newUsername();
        var state = new State();
        var nonce = new Nonce();
        var verifier = new CodeVerifier();
        try (WebClient browser = HostedBrowsers.browser()) {
            HtmlPage login = browser.getPage(authorizeUri(stack.frontDoorEndpoint(), state, nonce, verifier).toURL());
            HtmlPage signUp = login.getAnchorByText("Need an account? Sign up").click();
            HtmlForm form = signUp.getForms().get(0);
            form.getInputByName("username").setValue(newcomer);
            form.getInputByName("email").setValue(newcomer + "@example.com");
            form.getInputByName("password").setValue(Accounts.PASSWORD);
            HtmlPage confirm = submit(form);
            assertThat(confirm.asNormalizedText()).contains("Confirm your account");
            HtmlForm confirmForm = confirm.getForms().get(0);
            confirmForm.getInputByName("code").setValue(stack.outbox().latestCodeFor(newcomer).orElseThrow());
            HtmlPage signIn = submit(confirmForm);
            assertThat(signIn.asNormalizedText()).contains("Your account is confirmed. Sign in.");
            HtmlForm signInForm = signIn.getForms().get(0);
            signInForm.getInputByName("password").setValue(Accounts.PASSWORD);
            Page landed = signInForm.getOneHtmlElementByAttribute("button", "type", "submit").click();
            assertThat(landed.getUrl().toString()).startsWith(apps.callback.toString());
            exchange(Provider.of(metadata, stack.frontDoorEndpoint()),
                    HostedAgent.queryOf(landed.getUrl().toString()).get("code"), verifier, nonce, newcomer);
        }
        assertThat(secondary.services().directory().findByUsername(Username.of(newcomer))).isPresent();
    }

    /** Authorize → hosted login → TOTP → callback → tokens → userInfo → logout, all at {@code provider}'s region. */
    private static void signInWithTotp(Provider provider, String username, Rfc6238Codes phone) throws Exception {
        try (WebClient browser = HostedBrowsers.browser()) {
            var state = new State();
            var nonce = new Nonce();
            var verifier = new CodeVerifier();
            HtmlPage login = browser.getPage(authorizeUri(provider.base(), state, nonce, verifier).toURL());
            assertThat(login.getUrl().getPath()).isEqualTo("/login");
            HtmlForm form = login.getForms().get(0);
            form.getInputByName("username").setValue(username);
            form.getInputByName("password").setValue(Accounts.PASSWORD);
            HtmlPage mfa = submit(form);
            assertThat(mfa.asNormalizedText()).contains("Enter your authentication code");
            HtmlForm mfaForm = mfa.getForms().get(0);
            mfaForm.getInputByName("code").setValue(phone.fresh().value());
            Page landed = mfaForm.getOneHtmlElementByAttribute("button", "type", "submit").click();
            assertThat(landed.getUrl().toString()).startsWith(apps.callback.toString());
            var callback = HostedAgent.queryOf(landed.getUrl().toString());
            assertThat(callback).containsEntry("state", state.getValue());
            assertThat(browser.getCookieManager().getCookie("cognito")).isNotNull();
            exchange(provider, callback.get("code"), verifier, nonce, username);

            Page signedOut = browser.getPage(provider.base().resolve("/logout?client_id=" + apps.publicClient
                    + "&logout_uri=" + URLEncoder.encode(apps.signedOut.toString(), StandardCharsets.UTF_8)).toURL());
            assertThat(signedOut.getUrl().toString()).isEqualTo(apps.signedOut.toString());
            assertThat(browser.getCookieManager().getCookie("cognito")).isNull();
            HtmlPage loginAgain = browser.getPage(authorizeUri(provider.base(), new State(), new Nonce(),
                    new CodeVerifier()).toURL());
            assertThat(loginAgain.getUrl().getPath()).isEqualTo("/login");
        }
    }

    private static HtmlPage submit(HtmlForm form) throws Exception {
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    /** What a relying party needs of one region: its endpoints, as discovery named them, moved to that region. */
    private record Provider(URI base, Issuer issuer, URI token, URI userInfo, URI jwks) {
        static Provider of(OIDCProviderMetadata metadata, URI regionEndpoint) {
            return new Provider(regionEndpoint, metadata.getIssuer(), move(metadata.getTokenEndpointURI(), regionEndpoint),
                    move(metadata.getUserInfoEndpointURI(), regionEndpoint), move(metadata.getJWKSetURI(), regionEndpoint));
        }

        private static URI move(URI endpoint, URI region) {
            return region.resolve(endpoint.getRawPath());
        }
    }

    private static OIDCProviderMetadata discover() throws Exception {
        return OIDCProviderMetadata.resolve(new Issuer(stack.issuer()));
    }

    private static URI authorizeUri(URI region, State state, Nonce nonce, CodeVerifier verifier) {
        return region.resolve("/oauth2/authorize?" + authorizeQuery(state, nonce, verifier));
    }

    private static String authorizeQuery(State state, Nonce nonce, CodeVerifier verifier) {
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "email", "profile"),
                new ClientID(apps.publicClient), apps.callback).state(state).nonce(nonce)
                .endpointURI(URI.create("/oauth2/authorize"))
                .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI().getRawQuery();
    }

    /** Code → tokens → validated ID token → userInfo, all by Nimbus, at {@code provider}'s region. */
    private static void exchange(Provider provider, String code, CodeVerifier verifier, Nonce nonce, String username)
            throws Exception {
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(provider.token(),
                new ClientID(apps.publicClient), new AuthorizationCodeGrant(new AuthorizationCode(code), apps.callback, verifier))
                .toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as(() -> response.toErrorResponse().getErrorObject().toString()).isTrue();
        OIDCTokens tokens = response.toSuccessResponse().getTokens().toOIDCTokens();
        IDTokenClaimsSet idClaims = new IDTokenValidator(provider.issuer(), new ClientID(apps.publicClient), JWSAlgorithm.RS256,
                provider.jwks().toURL()).validate(tokens.getIDToken(), nonce);
        assertThat(idClaims.getStringClaim("cognito:username")).isEqualTo(username);
        UserInfoResponse userInfo = UserInfoResponse.parse(new UserInfoRequest(provider.userInfo(),
                (BearerAccessToken) tokens.getAccessToken()).toHTTPRequest().send());
        assertThat(userInfo.indicatesSuccess()).isTrue();
        UserInfo claims = userInfo.toSuccessResponse().getUserInfo();
        assertThat(claims.getSubject().getValue()).isEqualTo(idClaims.getSubject().getValue());
        assertThat(claims.getEmailAddress()).isEqualTo(username + "@example.com");
    }

}
