package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbPendingSamlRequests;
import io.cognate.adapters.aws.DynamoDbUsedSamlAssertions;
import io.cognate.adapters.saml.JdkSamlXml;
import io.cognate.domain.federation.saml.SamlIdentityProvider;
import io.cognate.domain.federation.saml.SamlProviderDetails;
import io.cognate.domain.federation.saml.SamlRejected;
import io.cognate.domain.federation.saml.SamlServiceProvider;
import io.cognate.domain.federation.saml.SamlSignIn;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.testing.saml.TestSamlIdp;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * SAML sign-in across the two regions of the shared local stack: the pending request and the used
 * assertion IDs live in the replicated Sessions table, so a response consumed in one region is
 * refused in the other once replicated; and {@code POST /saml2/idpresponse} at each region refuses
 * what it must with a 400, never a 500. The SAML services here are built on each region's
 * DynamoDB Local as identity-api builds them, with the provider from Cognito's ProviderDetails.
 */
@ExtendWith(SamlTwoRegionTest.Stack.class)
class SamlTwoRegionTest {
    private static LocalCognate stack;
    private static LocalRegion east;
    private static LocalRegion west;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            east = stack.regions().get(0);
            west = stack.regions().get(1);
        }
    }

    private final TestSamlIdp idp = TestSamlIdp.trusted();
    private final JdkSamlXml xml = new JdkSamlXml();
    private final Map<String, SamlIdentityProvider> providers = Map.of(
            "Corp", SamlProviderDetails.provider("Corp", Map.of("MetadataFile", idp.metadataXml()), xml),
            "Portal", SamlProviderDetails.provider("Portal", Map.of("MetadataFile", idp.metadataXml(), "IDPInit", "true"), xml));

    private SamlServiceProvider serviceProvider() {
        return SamlServiceProvider.of(stack.userPoolId(), List.of(stack.issuer()));
    }

    private SamlSignIn signInAt(LocalRegion region) {
        String sessions = LocalRegion.TABLES.sessions();
        return new SamlSignIn(serviceProvider(), name -> Optional.ofNullable(providers.get(name)), xml,
                new DynamoDbPendingSamlRequests(region.dynamoClient(), sessions, region.name()),
                new DynamoDbUsedSamlAssertions(region.dynamoClient(), sessions, region.name()), Clock.systemUTC());
    }

    @Test
    void aResponseAnsweredAtTheSecondaryIsRefusedAtThePrimaryOnceReplicated() {
        SamlSignIn atEast = signInAt(east);
        SamlSignIn atWest = signInAt(west);
        var started = atEast.start("Corp", "client_id=app");
        String response = idp.signedAssertion(new TestSamlIdp.Response(serviceProvider().assertionConsumerUrl(),
                serviceProvider().entityId(), started.requestId(), Clock.systemUTC().instant()));
        Accounts.awaitReplicated(stack);

        var signedIn = atWest.finish(response, started.relayState());
        assertThat(signedIn.identity().subject()).isEqualTo("alice@example.com");
        assertThat(signedIn.continuation()).isEqualTo("client_id=app");
        Accounts.awaitReplicated(stack);

        assertThatThrownBy(() -> atEast.finish(response, started.relayState())).isInstanceOf(SamlRejected.class);
        assertThatThrownBy(() -> atWest.finish(response, started.relayState())).isInstanceOf(SamlRejected.class);
    }

    @Test
    void anIdpInitiatedAssertionUsedAtThePrimaryIsRefusedAtTheSecondaryOnceReplicated() {
        String response = idp.signedAssertion(new TestSamlIdp.Response(serviceProvider().assertionConsumerUrl(),
                serviceProvider().entityId(), null, Clock.systemUTC().instant()));
        String relayState = "identity_provider=Portal&client_id=app&response_type=code";
        assertThat(signInAt(east).finish(response, relayState).idpInitiated()).isTrue();
        Accounts.awaitReplicated(stack);
        assertThatThrownBy(() -> signInAt(west).finish(response, relayState))
                .isInstanceOf(SamlRejected.class).hasMessageContaining("replayed");
    }

    @Test
    void theAssertionConsumerRefusesBadPostsWithA400InBothRegions() throws Exception {
        String signed = idp.signedAssertion(new TestSamlIdp.Response(serviceProvider().assertionConsumerUrl(),
                serviceProvider().entityId(), null, Clock.systemUTC().instant()));
        String xxe = TestSamlIdp.base64("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>");
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (LocalRegion region : List.of(east, west)) {
                for (String body : List.of(
                        form(signed, "0123456789abcdef0123456789abcdef"),
                        form(signed, "identity_provider=Unknown"),
                        form(signed, "a".repeat(3_000)),
                        form(xxe, "identity_provider=Portal"),
                        form("not base64!", "x"),
                        "SAMLResponse=%zz",
                        "")) {
                    HttpResponse<String> answer = post(http, region, body, "application/x-www-form-urlencoded");
                    assertThat(answer.statusCode()).as(body.length() > 40 ? body.substring(0, 40) : body).isEqualTo(400);
                    assertThat(answer.body()).contains("Invalid SAML response");
                }
                assertThat(post(http, region, form(signed, "x"), "application/json").statusCode()).isEqualTo(400);
            }
        }
    }

    private static String form(String samlResponse, String relayState) {
        return "SAMLResponse=" + URLEncoder.encode(samlResponse, StandardCharsets.UTF_8)
                + "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> post(HttpClient http, LocalRegion region, String body, String contentType)
            throws Exception {
        return http.send(HttpRequest.newBuilder(region.endpoint().resolve("/saml2/idpresponse"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
