package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.clients.ClientSecrets;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TimeUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/**
 * App-client management through the AWS SDK's Cognito client: a confidential client created at
 * the primary signs users in at both regions once replicated, is updated (Cognito's reset of
 * what an update leaves out), listed and deleted, after which no region signs in with it. And
 * the attacks: a client write at the secondary while the primary leads, forged list tokens,
 * concurrent updates, an update racing a delete.
 */
@ExtendWith(ClientManagementTwoRegionTest.Stack.class)
class ClientManagementTwoRegionTest {
    private static LocalCognate stack;
    private static CognitoIdentityProviderClient admin;
    private static String poolId;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @BeforeAll
    static void adminAtThePrimary() {
        admin = PoolUsers.adminClient(stack, stack.primary().endpoint(), stack.primary().name());
        poolId = stack.userPoolId();
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    private static LocalRegion secondary() {
        return stack.regions().stream().filter(r -> !r.name().equals(stack.primary().name())).findFirst().orElseThrow();
    }

    private static UserPoolClientType createConfidential(String name) {
        return admin.createUserPoolClient(b -> b.userPoolId(poolId).clientName(name).generateSecret(true)
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                .accessTokenValidity(30).idTokenValidity(45)
                .tokenValidityUnits(u -> u.accessToken(TimeUnitsType.MINUTES).idToken(TimeUnitsType.MINUTES))
                .readAttributes("email", "email_verified", "name").writeAttributes("name")
                .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                .allowedOAuthScopes("openid", "email")
                .callbackURLs("https://app.example.com/callback", "http://localhost:3000/cb")
                .logoutURLs("https://app.example.com/bye").defaultRedirectURI("https://app.example.com/callback")
                .supportedIdentityProviders("COGNITO").preventUserExistenceErrors("ENABLED"))
                .userPoolClient();
    }

    private static AuthenticationResultType signIn(LocalRegion region, String clientId, String secret, String username) {
        try (var client = TwoRegionStoryTest.cognito(region)) {
            return client.initiateAuth(b -> b.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", username, "PASSWORD", Accounts.PASSWORD,
                            "SECRET_HASH", ClientSecrets.secretHash(secret, username, clientId))))
                    .authenticationResult();
        }
    }

    @Test
    void aClientCreatedAtThePrimaryWorksEverywhereUntilItIsDeleted() {
        String username = Accounts.confirmedUser(stack);
        UserPoolClientType created = createConfidential("orders web app");
        String clientId = created.clientId();
        String secret = created.clientSecret();

        assertThat(clientId).matches("[a-z0-9]{26}");
        assertThat(secret).as("shown once, at creation").matches("[a-z0-9]{52}");
        assertThat(created.accessTokenValidity()).isEqualTo(30);
        assertThat(created.tokenValidityUnits().accessToken()).isEqualTo(TimeUnitsType.MINUTES);
        assertThat(created.refreshTokenValidity()).as("Cognito's default").isEqualTo(30);
        assertThat(created.tokenValidityUnits().refreshToken()).isEqualTo(TimeUnitsType.DAYS);
        assertThat(created.callbackURLs()).containsExactly("https://app.example.com/callback", "http://localhost:3000/cb");
        assertThat(created.enableTokenRevocation()).as("Cognito's default").isTrue();

        UserPoolClientType described = admin.describeUserPoolClient(b -> b.userPoolId(poolId).clientId(clientId))
                .userPoolClient();
        assertThat(described.clientSecret()).as("never shown again").isNull();
        assertThat(described.toBuilder().clientSecret(null).build())
                .isEqualTo(created.toBuilder().clientSecret(null).build());

        Accounts.awaitReplicated(stack);
        List<String> refreshTokens = new ArrayList<>();
        for (LocalRegion region : stack.regions()) {
            AuthenticationResultType tokens = signIn(region, clientId, secret, username);
            assertThat(tokens.expiresIn()).as("30 minutes, at %s", region.name()).isEqualTo(1800);
            refreshTokens.add(tokens.refreshToken());
        }

        // Cognito's update resets what it does not name: here the flows go back to the defaults.
        UserPoolClientType renamed = admin.updateUserPoolClient(b -> b.userPoolId(poolId).clientId(clientId)
                .clientName("orders web app v2")).userPoolClient();
        assertThat(renamed.clientName()).isEqualTo("orders web app v2");
        assertThat(renamed.explicitAuthFlows()).containsExactlyInAnyOrder(ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH, ExplicitAuthFlowsType.ALLOW_CUSTOM_AUTH);
        assertThat(renamed.accessTokenValidity()).isEqualTo(1);
        assertThat(renamed.tokenValidityUnits().accessToken()).isEqualTo(TimeUnitsType.HOURS);
        assertThat(renamed.callbackURLs()).isEmpty();
        assertThat(renamed.creationDate()).isEqualTo(created.creationDate());
        Accounts.awaitReplicated(stack);
        assertThatThrownBy(() -> signIn(secondary(), clientId, secret, username))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("USER_PASSWORD_AUTH flow not enabled");

        admin.updateUserPoolClient(b -> b.userPoolId(poolId).clientId(clientId).clientName("orders web app v2")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH));
        Accounts.awaitReplicated(stack);
        assertThat(signIn(secondary(), clientId, secret, username).expiresIn()).as("the secret survives updates")
                .isEqualTo(3600);

        assertThat(listAll(admin, 1)).as("one per page").contains(clientId, stack.clientId());

        admin.deleteUserPoolClient(b -> b.userPoolId(poolId).clientId(clientId));
        Accounts.awaitReplicated(stack);
        for (LocalRegion region : stack.regions()) {
            assertThatThrownBy(() -> signIn(region, clientId, secret, username))
                    .as("sign-in at %s", region.name()).isInstanceOf(ResourceNotFoundException.class);
            try (var client = TwoRegionStoryTest.cognito(region)) {
                for (String refreshToken : refreshTokens) {
                    assertThatThrownBy(() -> client.initiateAuth(b -> b.clientId(clientId)
                            .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", refreshToken,
                                    "SECRET_HASH", ClientSecrets.secretHash(secret, username, clientId)))))
                            .as("refresh at %s", region.name())
                            .isInstanceOfAny(ResourceNotFoundException.class, NotAuthorizedException.class);
                }
            }
            try (var regional = PoolUsers.adminClient(stack, region.endpoint(), region.name())) {
                assertThatThrownBy(() -> regional.describeUserPoolClient(b -> b.userPoolId(poolId).clientId(clientId)))
                        .isInstanceOf(ResourceNotFoundException.class);
                assertThat(listAll(regional, 60)).doesNotContain(clientId).contains(stack.clientId());
            }
        }
        assertThatThrownBy(() -> admin.deleteUserPoolClient(b -> b.userPoolId(poolId).clientId(clientId)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void cognitosRulesAreEnforcedOnCreate() {
        String marker = "rules-" + System.nanoTime();
        List<java.util.function.Consumer<CreateUserPoolClientRequest.Builder>> refused = List.of(
                b -> b.accessTokenValidity(4).tokenValidityUnits(u -> u.accessToken(TimeUnitsType.MINUTES)),
                b -> b.idTokenValidity(25),
                b -> b.refreshTokenValidity(3651),
                b -> b.explicitAuthFlows(ExplicitAuthFlowsType.USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH),
                b -> b.allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid"),
                b -> b.allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid"),
                b -> b.allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CLIENT_CREDENTIALS)
                        .allowedOAuthScopes("orders/read"),
                b -> b.callbackURLs("http://app.example.com/cb"),
                b -> b.callbackURLs("https://app.example.com/cb#fragment"),
                b -> b.callbackURLs("https://app.example.com/cb").defaultRedirectURI("https://elsewhere.example.com/"),
                b -> b.supportedIdentityProviders("Google"),
                b -> b.readAttributes("not_an_attribute"),
                b -> b.writeAttributes("sub"),
                b -> b.generateSecret(true).clientSecret("a-chosen-secret-of-enough-length-1234"));
        for (int i = 0; i < refused.size(); i++) {
            var rule = refused.get(i);
            assertThatThrownBy(() -> admin.createUserPoolClient(b -> rule.accept(b.userPoolId(poolId).clientName(marker))))
                    .as("rule %d", i).isInstanceOf(InvalidParameterException.class);
        }
        assertThatThrownBy(() -> admin.createUserPoolClient(b -> b.userPoolId("us-east-1_someoneelse").clientName(marker)))
                .isInstanceOf(ResourceNotFoundException.class);
        Accounts.awaitReplicated(stack);
        assertThat(admin.listUserPoolClients(b -> b.userPoolId(poolId).maxResults(60)).userPoolClients())
                .extracting(UserPoolClientDescription::clientName).doesNotContain(marker);
    }

    @Test
    void aClientWriteAtTheSecondaryIsRefusedWhileThePrimaryLeads() {
        UserPoolClientType existing = createConfidential("fenced");
        Accounts.awaitReplicated(stack);
        try (var atSecondary = PoolUsers.adminClient(stack, secondary().endpoint(), secondary().name())) {
            assertThatThrownBy(() -> atSecondary.createUserPoolClient(b -> b.userPoolId(poolId).clientName("sneaky")))
                    .isInstanceOfSatisfying(CognitoIdentityProviderException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("OperationNotEnabledException"));
            assertThatThrownBy(() -> atSecondary.updateUserPoolClient(b -> b.userPoolId(poolId)
                    .clientId(existing.clientId()).clientName("hijacked")))
                    .isInstanceOfSatisfying(CognitoIdentityProviderException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("OperationNotEnabledException"));
            assertThatThrownBy(() -> atSecondary.deleteUserPoolClient(b -> b.userPoolId(poolId).clientId(existing.clientId())))
                    .isInstanceOfSatisfying(CognitoIdentityProviderException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("OperationNotEnabledException"));
            // Reads are served by every region.
            assertThat(atSecondary.describeUserPoolClient(b -> b.userPoolId(poolId).clientId(existing.clientId()))
                    .userPoolClient().clientName()).isEqualTo("fenced");
        }
        Accounts.awaitReplicated(stack);
        assertThat(admin.listUserPoolClients(b -> b.userPoolId(poolId).maxResults(60)).userPoolClients())
                .extracting(UserPoolClientDescription::clientName).doesNotContain("sneaky", "hijacked");
    }

    @Test
    void forgedListTokensAreRefusedAsBadInput() {
        for (String forged : List.of("garbage", "MQpub3QtYW4taWQh", "AAAA", "x".repeat(5000), "MQo", "Mgp4eHg")) {
            assertThatThrownBy(() -> admin.listUserPoolClients(b -> b.userPoolId(poolId).maxResults(10).nextToken(forged)))
                    .as(forged).isInstanceOf(InvalidParameterException.class);
        }
    }

    @Test
    void concurrentUpdatesAreEachCommittedWholeAndNoneUndoesTheSecret() throws Exception {
        String username = Accounts.confirmedUser(stack);
        UserPoolClientType created = createConfidential("racing");
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<UserPoolClientType>> updates = IntStream.range(0, writers)
                    .<Callable<UserPoolClientType>>mapToObj(i -> () -> admin.updateUserPoolClient(b -> b.userPoolId(poolId)
                            .clientId(created.clientId()).clientName("writer-" + i)
                            .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH)
                            .accessTokenValidity(10 + i).tokenValidityUnits(u -> u.accessToken(TimeUnitsType.MINUTES)))
                            .userPoolClient())
                    .toList();
            List<UserPoolClientType> answers = new ArrayList<>();
            for (Future<UserPoolClientType> answer : pool.invokeAll(updates)) {
                answers.add(answer.get());
            }
            assertThat(answers).as("every update committed").hasSize(writers);
            UserPoolClientType last = admin.describeUserPoolClient(b -> b.userPoolId(poolId).clientId(created.clientId()))
                    .userPoolClient();
            int writer = Integer.parseInt(last.clientName().substring("writer-".length()));
            assertThat(last.accessTokenValidity()).as("one update whole, not a mix").isEqualTo(10 + writer);
            assertThat(answers).extracting(UserPoolClientType::lastModifiedDate).contains(last.lastModifiedDate());
        } finally {
            pool.shutdownNow();
        }
        Accounts.awaitReplicated(stack);
        assertThat(signIn(secondary(), created.clientId(), created.clientSecret(), username).accessToken()).isNotBlank();

        // An update after a delete finds nothing: it never brings the client back.
        admin.deleteUserPoolClient(b -> b.userPoolId(poolId).clientId(created.clientId()));
        assertThatThrownBy(() -> admin.updateUserPoolClient(b -> b.userPoolId(poolId).clientId(created.clientId())
                .clientName("resurrected"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> admin.describeUserPoolClient(b -> b.userPoolId(poolId).clientId(created.clientId())))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    /** An update racing a delete either commits before it or finds nothing: it never resurrects the client. */
    @Test
    void updatesRacingADeleteNeverBringTheClientBack() throws Exception {
        for (int round = 0; round < 3; round++) {
            String clientId = createConfidential("doomed").clientId();
            ExecutorService pool = Executors.newFixedThreadPool(5);
            try {
                List<Callable<String>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    int writer = i;
                    calls.add(() -> {
                        try {
                            admin.updateUserPoolClient(b -> b.userPoolId(poolId).clientId(clientId).clientName("updater-" + writer));
                            return "updated";
                        } catch (ResourceNotFoundException gone) {
                            return "gone";
                        }
                    });
                }
                calls.add(2, () -> {
                    admin.deleteUserPoolClient(b -> b.userPoolId(poolId).clientId(clientId));
                    return "deleted";
                });
                List<String> outcomes = new ArrayList<>();
                for (Future<String> outcome : pool.invokeAll(calls)) {
                    outcomes.add(outcome.get());
                }
                assertThat(outcomes).contains("deleted");
            } finally {
                pool.shutdownNow();
            }
            assertThatThrownBy(() -> admin.describeUserPoolClient(b -> b.userPoolId(poolId).clientId(clientId)))
                    .as("round %d", round).isInstanceOf(ResourceNotFoundException.class);
            assertThat(listAll(admin, 60)).doesNotContain(clientId);
        }
    }

    private static List<String> listAll(CognitoIdentityProviderClient client, int pageSize) {
        List<String> ids = new ArrayList<>();
        String token = null;
        for (int pages = 0; pages < 1000; pages++) {
            String next = token;
            var page = client.listUserPoolClients(b -> b.userPoolId(poolId).maxResults(pageSize).nextToken(next));
            assertThat(page.userPoolClients().size()).isLessThanOrEqualTo(pageSize);
            page.userPoolClients().forEach(c -> {
                assertThat(c.userPoolId()).isEqualTo(poolId);
                ids.add(c.clientId());
            });
            token = page.nextToken();
            if (token == null) {
                assertThat(ids).doesNotHaveDuplicates();
                return ids;
            }
        }
        throw new AssertionError("the listing did not end");
    }
}
