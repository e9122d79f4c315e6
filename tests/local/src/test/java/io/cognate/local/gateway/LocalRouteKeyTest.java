package io.cognate.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalRouteKeyTest {

    @Test
    void exactRouteMatchesOnlyItsMethodAndPath() {
        RouteKey root = RouteKey.parse("POST /");

        assertThat(root.match("POST", "/")).hasValue(Map.of());
        assertThat(root.match("GET", "/")).isEmpty();
        assertThat(root.match("POST", "/x")).isEmpty();
        assertThat(RouteKey.parse("GET /.well-known/jwks.json").match("GET", "/.well-known/jwks.json")).isPresent();
    }

    @Test
    void greedyVariableCapturesAtLeastOneSegment() {
        RouteKey demo = RouteKey.parse("ANY /demo/{proxy+}");

        assertThat(demo.match("DELETE", "/demo/a")).hasValue(Map.of("proxy", "a"));
        assertThat(demo.match("GET", "/demo/a/b/c")).hasValue(Map.of("proxy", "a/b/c"));
        assertThat(demo.match("GET", "/demo")).isEmpty();
        assertThat(demo.match("GET", "/demo/")).isEmpty();
        assertThat(demo.match("GET", "/other/a")).isEmpty();
    }

    @Test
    void singleVariableCapturesOneSegment() {
        RouteKey user = RouteKey.parse("GET /users/{id}");

        assertThat(user.match("GET", "/users/42")).hasValue(Map.of("id", "42"));
        assertThat(user.match("GET", "/users/42/x")).isEmpty();
    }

    @Test
    void defaultMatchesEverything() {
        assertThat(RouteKey.parse("$default").match("PATCH", "/any/thing")).hasValue(Map.of());
    }

    @Test
    void mostSpecificRoutesSortFirst() {
        List<RouteKey> keys = new ArrayList<>(List.of(
                RouteKey.parse("$default"),
                RouteKey.parse("ANY /{proxy+}"),
                RouteKey.parse("ANY /demo/{proxy+}"),
                RouteKey.parse("GET /demo/{proxy+}"),
                RouteKey.parse("GET /demo/{id}"),
                RouteKey.parse("GET /demo/special")));

        keys.sort(RouteKey.MOST_SPECIFIC_FIRST);

        assertThat(keys).extracting(RouteKey::key).containsExactly(
                "GET /demo/special", "GET /demo/{id}", "GET /demo/{proxy+}", "ANY /demo/{proxy+}",
                "ANY /{proxy+}", "$default");
    }

    @Test
    void malformedKeysAreRejected() {
        assertThatThrownBy(() -> RouteKey.parse("/no-method")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RouteKey.parse("GET /{proxy+}/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
