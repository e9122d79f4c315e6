package io.cognate.domain.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.CognitoException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A social provider's endpoints are Cognito's, whatever the ProviderDetails of the request say: a
 * pool admin who names {@code token_url} or {@code attributes_url} on the {@code Facebook}
 * provider would otherwise make the pool trust any server's word for who a "Facebook" user is.
 */
class SocialProviderEndpointsTest {
    private static final Map<String, String> EVIL = Map.of(
            "authorize_url", "https://evil.example.com/authorize",
            "token_url", "https://evil.example.com/token",
            "attributes_url", "https://evil.example.com/me",
            "oidc_issuer", "https://evil.example.com",
            "jwks_uri", "https://evil.example.com/jwks");

    private static Map<String, String> details(ProviderType type, Map<String, String> given) {
        var details = new java.util.LinkedHashMap<>(given);
        details.putAll(Map.of("client_id", "app", "client_secret", "s", "authorize_scopes", "email"));
        if (type == ProviderType.SignInWithApple) {
            details.putAll(Map.of("team_id", "t", "key_id", "k", "private_key", "p"));
        }
        return IdentityProviders.checkedDetails(type, details, Map.of());
    }

    @Test
    void endpointsNamedInTheDetailsOfASocialProviderAreReplacedByCognitos() {
        for (ProviderType type : new ProviderType[] {ProviderType.Facebook, ProviderType.LoginWithAmazon,
                ProviderType.Google, ProviderType.SignInWithApple}) {
            Map<String, String> stored = details(type, EVIL);
            assertThat(stored).as(type.name()).doesNotContainValue("https://evil.example.com/authorize")
                    .doesNotContainValue("https://evil.example.com/token")
                    .doesNotContainValue("https://evil.example.com/me")
                    .doesNotContainValue("https://evil.example.com")
                    .doesNotContainKey("jwks_uri");
            assertThat(stored).as(type.name()).isEqualTo(details(type, Map.of()));
        }
    }

    @Test
    void facebooksEndpointsFollowItsApiVersionAndAmazonsAreFixed() {
        Map<String, String> facebook = details(ProviderType.Facebook, Map.of("api_version", "v19.0"));
        assertThat(facebook).containsEntry("authorize_url", "https://www.facebook.com/v19.0/dialog/oauth")
                .containsEntry("token_url", "https://graph.facebook.com/v19.0/oauth/access_token")
                .containsEntry("attributes_url", "https://graph.facebook.com/v19.0/me?fields=")
                .containsEntry("token_request_method", "GET");
        assertThat(SocialProviderEndpoints.of(ProviderType.Facebook, facebook).orElseThrow().attributes().toString())
                .isEqualTo("https://graph.facebook.com/v19.0/me?fields=");
        Map<String, String> amazon = details(ProviderType.LoginWithAmazon, Map.of());
        assertThat(amazon).containsEntry("authorize_url", "https://www.amazon.com/ap/oa")
                .containsEntry("token_url", "https://api.amazon.com/auth/o2/token")
                .containsEntry("attributes_url", "https://api.amazon.com/user/profile")
                .containsEntry("token_request_method", "POST");
        assertThat(SocialProviderEndpoints.of(ProviderType.OIDC, Map.of())).isEmpty();
        assertThatThrownBy(() -> details(ProviderType.Facebook, Map.of("api_version", "../../evil")))
                .isInstanceOf(CognitoException.class);
    }
}
