package io.cognate.domain.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.WriteFence;
import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.InMemoryUserDirectory;
import io.cognate.testing.MutableClock;
import io.cognate.testing.SealedInMemory;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The app-client operations' rules, on the in-memory directory. */
class AppClientRegistryTest {
    private static final String POOL = "us-east-1_TestPool1";
    private static final String REGION = "us-east-1";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryLeaderRecords leaders = new InMemoryLeaderRecords(clock);
    private final InMemoryUserDirectory directory = new InMemoryUserDirectory(REGION, leaders);
    private final ClientSecrets secrets = new ClientSecrets(new SealedInMemory(), new SecureRandom());
    private final AppClientRegistry registry = new AppClientRegistry(POOL, directory, new WriteFence(REGION, leaders),
            secrets, new SecureRandom(), clock);

    AppClientRegistryTest() {
        leaders.initialise(new LeaderRecord(REGION, 1));
    }

    private static ClientConfiguration named(String name) {
        return new ClientConfiguration(name, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    @Test
    void aClientMadeWithNothingButANameHasCognitosDefaults() {
        AppClient client = registry.create(POOL, named("web"), false, null).client();

        assertThat(client.clientId()).matches("[a-z0-9]{26}");
        assertThat(client.explicitAuthFlows()).containsExactlyInAnyOrder("ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH",
                "ALLOW_CUSTOM_AUTH");
        assertThat(client.accessTokenValidity()).isEqualTo(Duration.ofHours(1));
        assertThat(client.idTokenValidity()).isEqualTo(Duration.ofHours(1));
        assertThat(client.refreshTokenValidity()).isEqualTo(Duration.ofDays(30));
        assertThat(client.settings().tokenValidityUnits()).isEqualTo(TokenValidityUnits.DEFAULT);
        assertThat(client.settings().enableTokenRevocation()).isTrue();
        assertThat(client.settings().preventUserExistenceErrors()).isEqualTo("LEGACY");
        assertThat(client.settings().authSessionValidityMinutes()).isEqualTo(3);
        assertThat(client.settings().createdAt()).isEqualTo(clock.instant());
        assertThat(client.hasSecret()).isFalse();
        assertThat(client.version()).isEqualTo(1);
        assertThat(directory.findClient(client.clientId())).contains(client);
    }

    @Test
    void aSecretIsShownOnceAndStoredOnlyHashedAndSealed() {
        var created = registry.create(POOL, named("server"), true, null);
        String secret = created.secret().orElseThrow();

        AppClient described = registry.describe(POOL, created.client().clientId());
        assertThat(ClientSecrets.matches(described, secret)).isTrue();
        assertThat(described.secret().orElseThrow().sha256()).doesNotContain(secret);
        assertThat(described.secret().orElseThrow().ciphertext()).doesNotContain(secret);
        assertThat(created.toString()).doesNotContain(secret);

        var chosen = registry.create(POOL, named("chosen"), false, "a-chosen-secret-0123456789");
        assertThat(chosen.secret()).contains("a-chosen-secret-0123456789");
        assertThat(ClientSecrets.matches(registry.describe(POOL, chosen.client().clientId()), "a-chosen-secret-0123456789"))
                .isTrue();
    }

    @Test
    void validitiesAreReadInTheirUnitsAndBounded() {
        var config = new ClientConfiguration("units", null, 90, 5, 0, "minutes", "minutes", "hours", null, null, null,
                null, null, null, null, null, null, null, null, null, null);
        AppClient client = registry.create(POOL, config, false, null).client();
        assertThat(client.accessTokenValidity()).isEqualTo(Duration.ofMinutes(90));
        assertThat(client.idTokenValidity()).isEqualTo(Duration.ofMinutes(5));
        assertThat(client.refreshTokenValidity()).as("0 means the default").isEqualTo(Duration.ofDays(30));

        for (var bad : List.of(
                new ClientConfiguration("x", null, 299, null, null, "seconds", null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null),
                new ClientConfiguration("x", null, 25, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null),
                new ClientConfiguration("x", null, null, null, 59, null, null, "minutes", null, null, null, null, null,
                        null, null, null, null, null, null, null, null),
                new ClientConfiguration("x", null, null, null, 3651, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null))) {
            assertThatThrownBy(() -> registry.create(POOL, bad, false, null))
                    .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
        }
    }

    @Test
    void anUpdateResetsWhatItLeavesOutButKeepsIdentitySecretAndCreationTime() {
        var config = new ClientConfiguration("web", List.of("ALLOW_USER_PASSWORD_AUTH"), 2, null, null, null, null, null,
                List.of("email"), List.of("name"), List.of("code"), List.of("openid"), true,
                List.of("https://app.example.com/cb"), null, null, List.of("COGNITO"), false, "ENABLED", 10, true);
        var created = registry.create(POOL, config, true, null);
        clock.advance(Duration.ofMinutes(1));

        AppClient updated = registry.update(POOL, created.client().clientId(), named(null));

        assertThat(updated.clientName()).as("no default name: kept").isEqualTo("web");
        assertThat(updated.explicitAuthFlows()).isEqualTo(AppClientRegistry.DEFAULT_FLOWS);
        assertThat(updated.accessTokenValidity()).isEqualTo(Duration.ofHours(1));
        assertThat(updated.readAttributes()).isEmpty();
        assertThat(updated.allowedOAuthFlows()).isEmpty();
        assertThat(updated.settings().callbackUrls()).isEmpty();
        assertThat(updated.settings().enableTokenRevocation()).isTrue();
        assertThat(updated.settings().preventUserExistenceErrors()).isEqualTo("LEGACY");
        assertThat(updated.secret()).isEqualTo(created.client().secret());
        assertThat(updated.settings().createdAt()).isEqualTo(created.client().settings().createdAt());
        assertThat(updated.settings().lastModifiedAt()).isEqualTo(clock.instant());
        assertThat(updated.version()).isEqualTo(2);
    }

    @Test
    void aDeletedClientIsNotFoundAndCannotBeUpdatedBack() {
        String id = registry.create(POOL, named("gone"), false, null).client().clientId();
        registry.delete(POOL, id);

        assertThat(directory.findClient(id)).isEmpty();
        for (Runnable call : List.<Runnable>of(() -> registry.describe(POOL, id), () -> registry.delete(POOL, id),
                () -> registry.update(POOL, id, named("back")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(CognitoException.class,
                    e -> assertThat(e.type()).isEqualTo("ResourceNotFoundException"));
        }
        assertThat(directory.findClient(id)).isEmpty();
    }

    @Test
    void legacyFlowValuesAreKeptAndGrantWhatTheyStoodFor() {
        var legacy = new ClientConfiguration("legacy", List.of("USER_PASSWORD_AUTH"), null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
        AppClient client = registry.create(POOL, legacy, false, null).client();

        assertThat(client.explicitAuthFlows()).containsExactly("USER_PASSWORD_AUTH");
        assertThat(client.allows(AppClient.ALLOW_USER_PASSWORD_AUTH)).isTrue();
        assertThat(client.allows(AppClient.ALLOW_USER_SRP_AUTH)).isTrue();
        assertThat(client.allows(AppClient.ALLOW_REFRESH_TOKEN_AUTH)).isTrue();
        assertThat(client.allows(AppClient.ALLOW_USER_AUTH)).isFalse();

        var customOnly = new ClientConfiguration("custom", List.of("CUSTOM_AUTH_FLOW_ONLY"), null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        AppClient custom = registry.create(POOL, customOnly, false, null).client();
        assertThat(custom.allows(AppClient.ALLOW_USER_PASSWORD_AUTH)).isFalse();
        assertThat(custom.allows(AppClient.ALLOW_USER_SRP_AUTH)).isFalse();

        AppClient modern = registry.create(POOL, named("modern"), false, null).client();
        assertThat(modern.allows(AppClient.ALLOW_USER_PASSWORD_AUTH)).as("defaults only").isFalse();
    }

    @Test
    void anotherPoolIsNotFound() {
        assertThatThrownBy(() -> registry.create("us-east-1_Other", named("x"), false, null))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("ResourceNotFoundException"));
        assertThatThrownBy(() -> registry.list("us-east-1_Other", null, null))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("ResourceNotFoundException"));
    }

    @Test
    void aReplicaRefusesEveryClientWrite() {
        String id = registry.create(POOL, named("kept"), false, null).client().clientId();
        var replica = new AppClientRegistry(POOL, directory, new WriteFence("eu-west-1", leaders), secrets,
                new SecureRandom(), clock);

        for (Runnable call : List.<Runnable>of(() -> replica.create(POOL, named("new"), false, null),
                () -> replica.update(POOL, id, named("renamed")), () -> replica.delete(POOL, id))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(CognitoException.class,
                    e -> assertThat(e.type()).isEqualTo("OperationNotEnabledException"));
        }
        assertThat(replica.describe(POOL, id).clientName()).isEqualTo("kept");
        assertThat(replica.list(POOL, null, null).clients()).hasSize(1);
    }

    @Test
    void listingPagesThroughEveryClientAndRefusesForgedTokens() {
        var made = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            made.add(registry.create(POOL, named("c" + i), false, null).client().clientId());
        }
        var seen = new ArrayList<String>();
        String token = null;
        do {
            var page = registry.list(POOL, 2, token);
            page.clients().forEach(c -> seen.add(c.clientId()));
            token = page.nextToken().orElse(null);
        } while (token != null);
        assertThat(seen).containsExactlyElementsOf(made.stream().sorted().toList());

        for (String forged : new String[] {"x", "MQo", "Mgp4", "MQpub3QgYW4gaWQ", "%%%%"}) {
            assertThatThrownBy(() -> registry.list(POOL, 2, forged)).as(forged)
                    .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
        }
        assertThatThrownBy(() -> registry.list(POOL, 61, null)).isInstanceOf(CognitoException.class);
    }

    @Test
    void oauthAndHostedUiRulesFollowCognitos() {
        List<ClientConfiguration> refused = List.of(
                oauth(false, List.of("code"), List.of("openid"), List.of("https://a.example.com/cb"), null),
                oauth(true, List.of(), List.of("openid"), List.of("https://a.example.com/cb"), null),
                oauth(true, List.of("code"), List.of("openid"), List.of(), null),
                oauth(true, List.of("code", "client_credentials"), List.of("x/y"), List.of("https://a.example.com/cb"), null),
                oauth(true, List.of("client_credentials"), List.of("x/y"), List.of(), null),
                oauth(true, List.of("code"), List.of("nonsense"), List.of("https://a.example.com/cb"), null),
                oauth(true, List.of("code"), List.of("openid"), List.of("http://a.example.com/cb"), null),
                oauth(true, List.of("code"), List.of("openid"), List.of("relative/path"), null),
                oauth(true, List.of("code"), List.of("openid"), List.of("https://a.example.com/cb"), "https://b.example.com/"));
        for (ClientConfiguration config : refused) {
            assertThatThrownBy(() -> registry.create(POOL, config, false, null)).as(config.toString())
                    .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
        }
        AppClient accepted = registry.create(POOL, oauth(true, List.of("code"), List.of("openid", "orders/read"),
                List.of("https://a.example.com/cb", "myapp://cb", "http://localhost:8080/cb"), "myapp://cb"), false, null)
                .client();
        assertThat(accepted.settings().defaultRedirectUri()).contains("myapp://cb");
        AppClient machine = registry.create(POOL, oauth(true, List.of("client_credentials"), List.of("orders/read"),
                List.of(), null), true, null).client();
        assertThat(machine.allowsOAuthFlow(AppClient.CLIENT_CREDENTIALS)).isTrue();
        assertThat(directory.listClients(60, Optional.empty()).clients()).hasSize(2);
    }

    private static ClientConfiguration oauth(boolean allowed, List<String> flows, List<String> scopes, List<String> callbacks,
                                             String defaultRedirect) {
        return new ClientConfiguration("oauth", null, null, null, null, null, null, null, null, null, flows, scopes, allowed,
                callbacks, null, defaultRedirect, null, null, null, null, null);
    }
}
