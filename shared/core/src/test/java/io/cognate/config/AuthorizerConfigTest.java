package io.cognate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.tokens.TokenRequirements;
import io.cognate.domain.tokens.TokenUse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizerConfigTest {

    @Test
    void defaultsAreAccessTokensFromAnyClientWithACacheAndNoRevocationCheck() {
        AuthorizerConfig config = AuthorizerConfig.from(Map.of());
        assertThat(config.allowedClientIds()).isEmpty();
        assertThat(config.requirementsFor("GET /anything")).isEqualTo(TokenRequirements.of(TokenUse.ACCESS));
        assertThat(config.clockSkew()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.cacheSize()).isEqualTo(4096);
        assertThat(config.checkRevocation()).isFalse();
    }

    @Test
    void routesNameTheirTokenKindAndScopes() {
        AuthorizerConfig config = AuthorizerConfig.from(Map.of(
                AuthorizerConfig.CLIENT_IDS, " a, b ,,",
                AuthorizerConfig.ROUTES, """
                        {"GET /orders": {"tokenUse": "access", "scopes": ["orders/read"]},
                         "ANY /profile/{proxy+}": {"tokenUse": "id"},
                         "$default": {"scopes": ["base"]}}""",
                AuthorizerConfig.CHECK_REVOCATION, "TRUE",
                AuthorizerConfig.CACHE_SIZE, "0"));
        assertThat(config.allowedClientIds()).containsExactlyInAnyOrder("a", "b");
        assertThat(config.requirementsFor("get  /orders")).isEqualTo(TokenRequirements.accessWithScopes(Set.of("orders/read")));
        assertThat(config.requirementsFor("DELETE /profile/{proxy+}")).isEqualTo(TokenRequirements.of(TokenUse.ID));
        assertThat(config.requirementsFor("GET /Orders")).isEqualTo(TokenRequirements.accessWithScopes(Set.of("base")));
        assertThat(config.requirementsFor(null)).isEqualTo(TokenRequirements.accessWithScopes(Set.of("base")));
        assertThat(config.checkRevocation()).isTrue();
        assertThat(config.cacheSize()).isZero();
    }

    @Test
    void concretePathsFindTheirTemplates() {
        AuthorizerConfig config = AuthorizerConfig.from(Map.of(AuthorizerConfig.ROUTES, """
                {"GET /orders/{id}": {"scopes": ["orders/read"]},
                 "GET /orders/{id}/items": {"scopes": ["items/read"]},
                 "ANY /files/{proxy+}": {"tokenUse": "id"}}"""));
        assertThat(config.requirementsFor("GET /orders/7")).isEqualTo(TokenRequirements.accessWithScopes(Set.of("orders/read")));
        assertThat(config.requirementsFor("GET /orders/7/items")).isEqualTo(TokenRequirements.accessWithScopes(Set.of("items/read")));
        assertThat(config.requirementsFor("POST /files/a/b/c")).isEqualTo(TokenRequirements.of(TokenUse.ID));
        assertThat(config.requirementsFor("GET /orders/")).isEqualTo(TokenRequirements.of(TokenUse.ACCESS));
        assertThat(config.requirementsFor("POST /orders/7")).isEqualTo(TokenRequirements.of(TokenUse.ACCESS));
        assertThat(config.requirementsFor("GET /files/")).isEqualTo(TokenRequirements.of(TokenUse.ACCESS));
    }

    @Test
    void aMistakeInTheSettingsStopsTheFunctionFromStarting() {
        for (Map<String, String> env : java.util.List.of(
                Map.of(AuthorizerConfig.ROUTES, "not json"),
                Map.of(AuthorizerConfig.ROUTES, "{\"GET /a\": {\"tokenUse\": \"refresh\"}}"),
                Map.of(AuthorizerConfig.ROUTES, "{\"GET /a\": {\"tokenUse\": \"id\", \"scopes\": [\"x\"]}}"),
                Map.of(AuthorizerConfig.ROUTES, "{\"GET /a\": {\"scope\": [\"x\"]}}"),
                Map.of(AuthorizerConfig.ROUTES, "{\"GET /a\": {\"scopes\": [\"two words\"]}}"),
                Map.of(AuthorizerConfig.CLOCK_SKEW, "301"),
                Map.of(AuthorizerConfig.CACHE_SIZE, "-1"),
                Map.of(AuthorizerConfig.CHECK_REVOCATION, "yes"))) {
            assertThatThrownBy(() -> AuthorizerConfig.from(env)).as(env.toString()).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void routesNameTheGroupsTheyRequireMatchedAsRoutesAre() {
        AuthorizerConfig config = AuthorizerConfig.from(Map.of(AuthorizerConfig.REQUIRED_GROUPS, """
                GET /admin/{proxy+}=admins;
                 post  /reports = admins | analysts ;ANY /teams/{id}=team-leads;DELETE /x=équipe"""));

        assertThat(config.groupsRequiredFor("GET /admin/{proxy+}")).containsExactly("admins");
        assertThat(config.groupsRequiredFor("GET /admin/users/7")).as("a TOKEN authorizer's concrete path")
                .containsExactly("admins");
        assertThat(config.groupsRequiredFor("POST /reports")).containsExactlyInAnyOrder("admins", "analysts");
        assertThat(config.groupsRequiredFor("PUT /teams/42")).containsExactly("team-leads");
        assertThat(config.groupsRequiredFor("DELETE /x")).containsExactly("équipe");
        assertThat(config.groupsRequiredFor("GET /reports")).isEmpty();
        assertThat(config.groupsRequiredFor("GET /admin")).as("{proxy+} needs a segment").isEmpty();
        assertThat(config.groupsRequiredFor(null)).isEmpty();
        assertThat(AuthorizerConfig.from(Map.of()).groupsRequiredFor("GET /admin/x")).isEmpty();
        assertThat(AuthorizerConfig.from(Map.of(AuthorizerConfig.REQUIRED_GROUPS, " ")).groupsRequiredFor("GET /a"))
                .isEmpty();
    }

    @Test
    void aRequiredGroupsSettingThatIsNotPlainlyRoutesAndGroupsStopsTheStart() {
        for (String bad : new String[] {"GET /a", "GET /a=", "GET /a=admins|", "GET /a=|admins", "GET /a=ad mins",
                "GET /a=admins=b", "/a=admins", "FETCH /a=admins", "GET a=admins", "GET /a=admins;",
                "GET /a=admins;;GET /b=x", "GET /a=admins;get /a=others", "GET /a=x|x", "$default=admins",
                "GET /a=" + "g".repeat(129), "GET /a b=admins"}) {
            assertThatThrownBy(() -> AuthorizerConfig.from(Map.of(AuthorizerConfig.REQUIRED_GROUPS, bad)))
                    .as(bad).isInstanceOf(IllegalStateException.class);
        }
    }
}
