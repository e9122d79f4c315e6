package io.cognate.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import io.cognate.config.AuthorizerConfig;
import io.cognate.domain.AppClient;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.groups.Group;
import io.cognate.domain.tokens.IssuedTokens;
import io.cognate.domain.tokens.SigningKey;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.testing.InMemoryGroupDirectory;
import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.InMemoryUserDirectory;
import io.cognate.testing.LocalRsaSigner;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class AuthorizerHandlersTest {
    private static final String ISSUER = "https://auth.example.com";
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/orders/7";
    private static final KeyPair KEYS = LocalRsaSigner.newKeyPair();

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TokenIssuer issuer = new TokenIssuer(ISSUER, new LocalRsaSigner(KEYS), clock);
    private final AppClient web = new AppClient("web", "web", Set.of(), Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1));
    private final AppClient m2m = new AppClient("m2m", "m2m", Set.of(), Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1))
            .withOAuth(Set.of(AppClient.CLIENT_CREDENTIALS), Set.of("orders/read"));
    private final User alice = new User("sub-alice", Username.of("alice"), UserStatus.CONFIRMED, true,
            Map.of("email", "alice@example.com", "email_verified", "true"), "$argon2id$x", Optional.empty(), NOW, NOW);
    private final AuthorizerConfig config = AuthorizerConfig.from(Map.of(
            AuthorizerConfig.CLIENT_IDS, "web,m2m",
            AuthorizerConfig.ROUTES, "{\"GET /orders/{id}\": {\"scopes\": [\"orders/read\"]}, \"GET /profile\": {\"tokenUse\": \"id\"}}"));
    private final TokenVerifier verifier = TokenVerifier.builder(ISSUER, clock)
            .key(SigningKey.of((RSAPublicKey) KEYS.getPublic()))
            .allowedClientIds(config.allowedClientIds())
            .cacheCapacity(64)
            .build();
    private final TokenAuthorizer authorizer = new TokenAuthorizer(() -> verifier, config);
    private final HttpApiAuthorizerHandler http = new HttpApiAuthorizerHandler(authorizer);
    private final RestApiAuthorizerHandler rest = new RestApiAuthorizerHandler(authorizer);

    private IssuedTokens aliceTokens() {
        return issuer.issue(alice, web, NOW, "origin-1");
    }

    private static APIGatewayV2CustomAuthorizerEvent httpEvent(String routeKey, String authorization) {
        var headers = new HashMap<String, String>();
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        return APIGatewayV2CustomAuthorizerEvent.builder().withVersion("2.0").withType("REQUEST")
                .withRouteKey(routeKey).withHeaders(headers)
                .withIdentitySource(authorization == null ? null : List.of(authorization)).build();
    }

    @Test
    void httpApiAllowsAValidAccessTokenAndPassesTheClaimsOn() {
        var response = http.handleRequest(httpEvent("GET /anything", "Bearer " + aliceTokens().accessToken()), null);
        assertThat(response.getIsAuthorized()).isTrue();
        assertThat(response.getContext())
                .containsEntry("sub", "sub-alice")
                .containsEntry("username", "alice")
                .containsEntry("client_id", "web")
                .containsEntry("token_use", "access")
                .containsEntry("scope", TokenIssuer.ADMIN_SCOPE)
                .containsEntry("origin_jti", "origin-1")
                .containsEntry("exp", Long.toString(NOW.plusSeconds(3600).getEpochSecond()));
    }

    @Test
    void eachRouteGetsTheTokenKindAndScopesItDemands() {
        String access = aliceTokens().accessToken();
        String id = aliceTokens().idToken();
        String service = issuer.issueClientCredentials(m2m, List.of("orders/read"));
        assertThat(http.handleRequest(httpEvent("GET /orders/{id}", "Bearer " + access), null).getIsAuthorized()).isFalse();
        assertThat(http.handleRequest(httpEvent("GET /orders/{id}", "Bearer " + service), null).getIsAuthorized()).isTrue();
        assertThat(http.handleRequest(httpEvent("GET /profile", "Bearer " + access), null).getIsAuthorized()).isFalse();
        var profile = http.handleRequest(httpEvent("GET /profile", "Bearer " + id), null);
        assertThat(profile.getIsAuthorized()).isTrue();
        assertThat(profile.getContext()).containsEntry("email", "alice@example.com").containsEntry("token_use", "id");
        assertThat(http.handleRequest(httpEvent("GET /anything", "Bearer " + id), null).getIsAuthorized()).isFalse();
    }

    /**
     * Finding 6 of the security review: an ID token's {@code email} reached the app without
     * {@code email_verified}, so an app could not tell an address the user had proven from one
     * they had typed.
     */
    @Test
    void finding6TheAuthorizerPassesEmailOnlyWithEmailVerified() {
        User unverified = new User("sub-eve", Username.of("eve"), UserStatus.CONFIRMED, true,
                Map.of("email", "victim@example.com", "email_verified", "false"), "$argon2id$x", Optional.empty(), NOW, NOW);
        String unverifiedId = issuer.issue(unverified, web, NOW, "origin-2").idToken();
        var refused = http.handleRequest(httpEvent("GET /profile", "Bearer " + unverifiedId), null);
        assertThat(refused.getIsAuthorized()).isTrue();
        assertThat(refused.getContext()).doesNotContainKeys("email", "email_verified");

        User noFlag = new User("sub-nf", Username.of("nf"), UserStatus.CONFIRMED, true,
                Map.of("email", "victim@example.com"), "$argon2id$x", Optional.empty(), NOW, NOW);
        var withoutFlag = http.handleRequest(httpEvent("GET /profile", "Bearer "
                + issuer.issue(noFlag, web, NOW, "origin-3").idToken()), null);
        assertThat(withoutFlag.getContext()).doesNotContainKeys("email", "email_verified");

        var verified = http.handleRequest(httpEvent("GET /profile", "Bearer " + aliceTokens().idToken()), null);
        assertThat(verified.getContext()).containsEntry("email", "alice@example.com")
                .containsEntry("email_verified", "true");
        var restEvent = new APIGatewayCustomAuthorizerEvent();
        restEvent.setType("TOKEN");
        restEvent.setMethodArn("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/profile");
        restEvent.setAuthorizationToken("Bearer " + unverifiedId);
        assertThat(rest.handleRequest(restEvent, null).getContext()).containsEntry("sub", "sub-eve")
                .doesNotContainKeys("email", "email_verified");
        restEvent.setAuthorizationToken("Bearer " + aliceTokens().idToken());
        assertThat(rest.handleRequest(restEvent, null).getContext()).containsEntry("email", "alice@example.com")
                .containsEntry("email_verified", "true");
    }

    @Test
    void httpApiDeniesWhatIsNotABearerTokenWithoutThrowing() {
        String access = aliceTokens().accessToken();
        for (String credential : new String[] {null, "", "Bearer", "Bearer ", "Basic " + access, "Bearer " + access + " x",
                "Bearer  " + access.substring(1), "Bearer " + access + "."}) {
            var response = http.handleRequest(httpEvent("GET /anything", credential), null);
            assertThat(response.getIsAuthorized()).as(String.valueOf(credential)).isFalse();
            assertThat(response.getContext()).isEmpty();
        }
        assertThat(http.handleRequest(httpEvent("GET /anything", "bearer " + access), null).getIsAuthorized()).isTrue();
        assertThat(http.handleRequest(httpEvent("GET /anything", access), null).getIsAuthorized()).isTrue();
        assertThat(http.handleRequest(null, null).getIsAuthorized()).isFalse();
        assertThat(http.handleRequest(new APIGatewayV2CustomAuthorizerEvent(), null).getIsAuthorized()).isFalse();
    }

    @Test
    void theIdentitySourceServesWhenHeadersAreAbsent() {
        var event = APIGatewayV2CustomAuthorizerEvent.builder().withRouteKey("GET /anything")
                .withIdentitySource(List.of("Bearer " + aliceTokens().accessToken())).build();
        assertThat(http.handleRequest(event, null).getIsAuthorized()).isTrue();
    }

    @Property(tries = 500)
    void noInputMakesEitherHandlerThrow(@ForAll @StringLength(max = 300) String credential,
                                        @ForAll @CharRange(from = 0, to = 127) @StringLength(max = 80) String route) {
        assertThatCode(() -> {
            assertThat(http.handleRequest(httpEvent(route, credential), null).getIsAuthorized()).isFalse();
            var token = new APIGatewayCustomAuthorizerEvent();
            token.setType("TOKEN");
            token.setAuthorizationToken(credential);
            token.setMethodArn(route);
            assertThat(rest.handleRequest(token, null).getPrincipalId()).isEqualTo("unauthorized");
        }).doesNotThrowAnyException();
    }

    @Test
    void aVerifierThatFailsIsADenialNotAnError() {
        var failing = new HttpApiAuthorizerHandler(new TokenAuthorizer(() -> {
            throw new IllegalStateException("the revocation store is unreachable");
        }, config));
        assertThat(failing.handleRequest(httpEvent("GET /anything", "Bearer " + aliceTokens().accessToken()), null)
                .getIsAuthorized()).isFalse();
    }

    @Test
    void restTokenAuthorizerAnswersWithAPolicyForExactlyTheCalledMethod() {
        var event = new APIGatewayCustomAuthorizerEvent();
        event.setType("TOKEN");
        event.setMethodArn(METHOD_ARN);
        event.setAuthorizationToken("Bearer " + issuer.issueClientCredentials(m2m, List.of("orders/read")));
        var allowed = rest.handleRequest(event, null);
        assertThat(allowed.getPrincipalId()).isEqualTo("m2m");
        assertThat(allowed.getContext()).containsEntry("scope", "orders/read");
        var statement = allowed.getPolicyDocument();
        assertThat(statement).containsEntry("Version", "2012-10-17");
        @SuppressWarnings("unchecked")
        var first = ((Map<String, Object>[]) statement.get("Statement"))[0];
        assertThat(first).containsEntry("Effect", "Allow").containsEntry("Action", "execute-api:Invoke");
        assertThat((String[]) first.get("Resource")).containsExactly(METHOD_ARN);

        event.setAuthorizationToken("Bearer " + aliceTokens().accessToken());
        var denied = rest.handleRequest(event, null);
        @SuppressWarnings("unchecked")
        var deny = ((Map<String, Object>[]) denied.getPolicyDocument().get("Statement"))[0];
        assertThat(deny).containsEntry("Effect", "Deny");
        assertThat(denied.getContext()).isEmpty();
    }

    @Test
    void restRequestAuthorizerReadsTheHeaderAndTheResourceTemplate() {
        var event = new APIGatewayCustomAuthorizerEvent();
        event.setType("REQUEST");
        event.setMethodArn(METHOD_ARN);
        event.setHttpMethod("GET");
        event.setResource("/orders/{id}");
        event.setHeaders(Map.of("Authorization", "Bearer " + issuer.issueClientCredentials(m2m, List.of("orders/read"))));
        @SuppressWarnings("unchecked")
        var statement = ((Map<String, Object>[]) rest.handleRequest(event, null).getPolicyDocument().get("Statement"))[0];
        assertThat(statement).containsEntry("Effect", "Allow");
        event.setHeaders(null);
        @SuppressWarnings("unchecked")
        var noHeader = ((Map<String, Object>[]) rest.handleRequest(event, null).getPolicyDocument().get("Statement"))[0];
        assertThat(noHeader).containsEntry("Effect", "Deny");
    }

    @Test
    void methodArnsBecomeRouteKeys() {
        assertThat(RestApiAuthorizerHandler.routeFromMethodArn(METHOD_ARN)).isEqualTo("GET /orders/7");
        assertThat(RestApiAuthorizerHandler.routeFromMethodArn("arn:aws:execute-api:us-east-1:1:api/prod/POST/"))
                .isEqualTo("POST /");
        assertThat(RestApiAuthorizerHandler.routeFromMethodArn("garbage")).isNull();
    }

    @Test
    void aRouteDemandingGroupsLetsInOnlyTokensOfOneOfThemAndPassesTheGroupsOn() {
        var leaders = new InMemoryLeaderRecords(clock);
        LeaderRecord fence = leaders.initialise(new LeaderRecord("us-east-1", 1));
        var users = new InMemoryUserDirectory("us-east-1", leaders);
        var groups = new InMemoryGroupDirectory(users);
        User bob = new User("sub-bob", Username.of("bob"), UserStatus.CONFIRMED, true, Map.of(), "$argon2id$x",
                Optional.empty(), NOW, NOW);
        users.create(alice, fence);
        users.create(bob, fence);
        Group analysts = new Group("analysts", Optional.empty(), Optional.of(2), Optional.empty(), NOW, NOW, "g1", 1);
        Group admins = new Group("admins", Optional.empty(), Optional.of(1), Optional.empty(), NOW, NOW, "g2", 1);
        groups.create(analysts, fence);
        groups.create(admins, fence);
        groups.addMember(analysts, alice.sub(), fence);
        groups.addMember(admins, alice.sub(), fence);
        var withGroups = new TokenIssuer(ISSUER, new LocalRsaSigner(KEYS), clock, groups);
        IssuedTokens alices = withGroups.issue(alice, web, NOW, "origin-a");
        IssuedTokens bobs = withGroups.issue(bob, web, NOW, "origin-b");
        AuthorizerConfig demanding = AuthorizerConfig.from(Map.of(
                AuthorizerConfig.ROUTES, "{\"$default\": {\"tokenUse\": \"access\"}, \"GET /me\": {\"tokenUse\": \"id\"}}",
                AuthorizerConfig.REQUIRED_GROUPS, "GET /admin/{proxy+}=admins;POST /reports=auditors|analysts;GET /me=admins"));
        var groupAuthorizer = new TokenAuthorizer(() -> verifier, demanding);
        var httpApi = new HttpApiAuthorizerHandler(groupAuthorizer);
        var restApi = new RestApiAuthorizerHandler(groupAuthorizer);

        var allowed = httpApi.handleRequest(httpEvent("GET /admin/{proxy+}", "Bearer " + alices.accessToken()), null);
        assertThat(allowed.getIsAuthorized()).isTrue();
        assertThat(allowed.getContext()).containsEntry("cognito:groups", "admins,analysts");
        assertThat(httpApi.handleRequest(httpEvent("POST /reports", "Bearer " + alices.accessToken()), null)
                .getIsAuthorized()).as("one of the groups is enough").isTrue();
        assertThat(httpApi.handleRequest(httpEvent("GET /me", "Bearer " + alices.idToken()), null).getIsAuthorized())
                .as("ID tokens claim groups too").isTrue();

        var denied = httpApi.handleRequest(httpEvent("GET /admin/{proxy+}", "Bearer " + bobs.accessToken()), null);
        assertThat(denied.getIsAuthorized()).isFalse();
        assertThat(denied.getContext()).isEmpty();
        assertThat(httpApi.handleRequest(httpEvent("POST /reports", "Bearer " + bobs.accessToken()), null)
                .getIsAuthorized()).isFalse();
        var open = httpApi.handleRequest(httpEvent("GET /orders", "Bearer " + bobs.accessToken()), null);
        assertThat(open.getIsAuthorized()).as("a route that demands no group").isTrue();
        assertThat(open.getContext()).doesNotContainKey("cognito:groups");
        String service = issuer.issueClientCredentials(m2m, List.of("orders/read"));
        assertThat(httpApi.handleRequest(httpEvent("GET /admin/{proxy+}", "Bearer " + service), null)
                .getIsAuthorized()).as("a client acting for itself is in no group").isFalse();

        for (String type : List.of("TOKEN", "REQUEST")) {
            var event = new APIGatewayCustomAuthorizerEvent();
            event.setType(type);
            event.setMethodArn("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/admin/users/7");
            event.setAuthorizationToken("Bearer " + bobs.accessToken());
            event.setHeaders(Map.of("Authorization", "Bearer " + bobs.accessToken()));
            assertThat(effect(restApi.handleRequest(event, null))).as(type).isEqualTo("Deny");
            event.setAuthorizationToken("Bearer " + alices.accessToken());
            event.setHeaders(Map.of("Authorization", "Bearer " + alices.accessToken()));
            var allow = restApi.handleRequest(event, null);
            assertThat(effect(allow)).as(type).isEqualTo("Allow");
            assertThat(allow.getContext()).containsEntry("cognito:groups", "admins,analysts");
        }
    }

    @SuppressWarnings("unchecked")
    private static Object effect(com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1 response) {
        return ((Map<String, Object>[]) response.getPolicyDocument().get("Statement"))[0].get("Effect");
    }
}
