package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.adapters.aws.KmsTokenSigner;
import io.cognate.attacks.AttackCorpus;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;

/**
 * The token-verifier as API Gateway runs it, in front of {@code GET /demo/whoami} in both
 * regions: a token from either region passes the authorizer of either region, and every token
 * of the attack corpus is refused in both, with API Gateway's 403, never a 500.
 */
@ExtendWith(AuthorizerTwoRegionTest.Stack.class)
class AuthorizerTwoRegionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @Test
    void tokensFromEachRegionPassTheAuthorizerOfEveryRegion() throws Exception {
        String username = Accounts.confirmedUser(stack);
        for (LocalRegion issuing : stack.regions()) {
            AuthenticationResultType tokens = Accounts.signIn(stack, issuing, username);
            for (LocalRegion verifying : stack.regions()) {
                HttpResponse<String> response = Accounts.get(verifying, LocalRegion.DEMO_WHOAMI, "Bearer " + tokens.accessToken());
                assertThat(response.statusCode()).as("issued in %s, verified in %s", issuing.name(), verifying.name())
                        .isEqualTo(200);
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.path("region").asText()).isEqualTo(verifying.name());
                assertThat(body.path("claims").path("username").asText()).isEqualTo(username);
                assertThat(body.path("claims").path("client_id").asText()).isEqualTo(stack.clientId());
                assertThat(body.path("claims").path("token_use").asText()).isEqualTo("access");
            }
        }
    }

    @Test
    void requestsWithoutATokenGetApiGatewaysUnauthorized() {
        for (LocalRegion region : stack.regions()) {
            HttpResponse<String> response = Accounts.get(region, LocalRegion.DEMO_WHOAMI, null);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("Unauthorized");
        }
    }

    @Test
    void everyAttackTokenIsDeniedInBothRegions() {
        LocalRegion primary = stack.primary();
        var realKey = new KmsTokenSigner(primary.services().clients().kms(), primary.services().config().signingKeyId());
        var corpus = new AttackCorpus(realKey, stack.issuer(), stack.clientId(), Instant.now());
        List<AttackCorpus.Attack> attacks = new ArrayList<>(corpus.attacks());
        String username = Accounts.confirmedUser(stack);
        attacks.add(new AttackCorpus.Attack("ID token used as an access token (issued by Cognate)",
                Accounts.signIn(stack, primary, username).idToken()));

        for (LocalRegion region : stack.regions()) {
            // The control: the corpus's own valid token, signed by the pool's key, passes.
            assertThat(Accounts.get(region, LocalRegion.DEMO_WHOAMI, "Bearer " + corpus.validToken()).statusCode())
                    .isEqualTo(200);
            for (AttackCorpus.Attack attack : attacks) {
                HttpResponse<String> response = Accounts.get(region, LocalRegion.DEMO_WHOAMI, "Bearer " + attack.token());
                assertThat(response.statusCode()).as("%s in %s", attack.name(), region.name()).isEqualTo(403);
                assertThat(response.body()).as(attack.name()).doesNotContain("claims");
            }
        }
    }

    @Test
    void aRouteThatDemandsAScopeRefusesTokensWithoutIt() throws Exception {
        String username = Accounts.confirmedUser(stack);
        String userToken = Accounts.signIn(stack, stack.primary(), username).accessToken();
        String readToken = ClientCredentialsTwoRegionTest.token(stack.primary(), LocalRegion.DEMO_SCOPE);
        String writeToken = ClientCredentialsTwoRegionTest.token(stack.primary(), "cognate-demo/write");
        for (LocalRegion region : stack.regions()) {
            assertThat(Accounts.get(region, LocalRegion.DEMO_SCOPED, "Bearer " + userToken).statusCode()).isEqualTo(403);
            assertThat(Accounts.get(region, LocalRegion.DEMO_SCOPED, "Bearer " + writeToken).statusCode()).isEqualTo(403);
            HttpResponse<String> allowed = Accounts.get(region, LocalRegion.DEMO_SCOPED, "Bearer " + readToken);
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(allowed.body()).path("claims").path("sub").asText()).isEqualTo(stack.m2mClientId());
        }
    }

    @Test
    void theAuthorizerSeesARealPayload20EventAndItsAnswerShapesTheRouteEvent() throws Exception {
        String username = Accounts.confirmedUser(stack);
        String token = Accounts.signIn(stack, stack.primary(), username).accessToken();
        JsonNode claims = JSON.readTree(Accounts.get(stack.regions().get(1), LocalRegion.DEMO_WHOAMI, "Bearer " + token).body())
                .path("claims");
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        Map<?, ?> tokenClaims = JSON.readValue(payload, Map.class);
        assertThat(claims.path("sub").asText()).isEqualTo(tokenClaims.get("sub"));
        assertThat(claims.path("jti").asText()).isEqualTo(tokenClaims.get("jti"));
        assertThat(claims.path("origin_jti").asText()).isEqualTo(tokenClaims.get("origin_jti"));
        assertThat(claims.path("exp").asText()).isEqualTo(tokenClaims.get("exp").toString());
    }
}
