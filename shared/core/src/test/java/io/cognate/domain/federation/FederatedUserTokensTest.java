package io.cognate.domain.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.AppClient;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.domain.tokens.TokenUse;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.ports.UpstreamOidc;
import io.cognate.testing.LocalRsaSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A federated user's ID token: Cognito's {@code identities} claim as a JSON array, and {@code cognito:username}. */
class FederatedUserTokensTest {
    private static final String ISSUER = "https://auth.example.com";
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void theIdTokenOfAFederatedUserCarriesIdentitiesAsAnArray() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        var issuer = new TokenIssuer(ISSUER, new LocalRsaSigner(LocalRsaSigner.newKeyPair()), clock);
        var provider = new IdentityProvider("corp", ProviderType.OIDC, Map.of("client_id", "c"), Map.of(),
                Map.of("email", "mail", "username", "sub"), List.of(), NOW, NOW, 0);
        var identity = new UpstreamOidc.Identity("u-42", "https://idp.example.com", Map.of("mail", "a@example.com"));
        Map<String, String> attributes = new java.util.LinkedHashMap<>(FederatedSignIn.mapped(provider, identity));
        attributes.put(FederatedSignIn.IDENTITIES, FederatedSignIn.identities(provider, identity, NOW));
        User user = new User("sub-9", FederatedSignIn.username(provider, identity), UserStatus.EXTERNAL_PROVIDER, true,
                attributes, "", Optional.empty(), NOW, NOW);
        AppClient client = new AppClient("client1", "web", Set.of(), Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofDays(30));

        var id = TokenVerifier.forKey(ISSUER, issuer.signingKey(), clock)
                .verify(issuer.issue(user, client, NOW, "o").idToken(), TokenUse.ID).claims();

        assertThat(id.getClaim("cognito:username")).isEqualTo("corp_u-42");
        assertThat(id.getClaim("email")).isEqualTo("a@example.com");
        assertThat(id.getClaim("identities")).isInstanceOf(List.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) ((List<Object>) id.getClaim("identities")).getFirst();
        assertThat(first).containsEntry("userId", "u-42").containsEntry("providerName", "corp")
                .containsEntry("providerType", "OIDC").containsEntry("issuer", "https://idp.example.com")
                .containsEntry("primary", "true").containsEntry("dateCreated", Long.toString(NOW.toEpochMilli()));
    }
}
