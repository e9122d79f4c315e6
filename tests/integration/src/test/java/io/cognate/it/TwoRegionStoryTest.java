package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.PendingCode;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.ports.UserDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/**
 * The walking skeleton's story on the local two-region runtime, driven through the AWS SDK's
 * own Cognito client, the same client apps use: sign up and confirm at the primary, sign in at
 * both regions, use the primary's tokens at the secondary, and find the secondary read-only.
 */
@ExtendWith(TwoRegionStoryTest.Stack.class)
class TwoRegionStoryTest {
    private static final String PASSWORD = "Walking-Skeleton-9";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalCognate stack;
    private static LocalRegion primary;
    private static LocalRegion secondary;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = context.getRequiredTestClass().isAnnotationPresent(io.cognate.localstack.OnLocalStack.class)
                    ? LocalStackExtension.onLocalStack(context) : LocalStackExtension.stack(context);
            primary = stack.regions().get(0);
            secondary = stack.regions().get(1);
        }
    }

    static CognitoIdentityProviderClient cognito(LocalRegion region) {
        return cognito(region.endpoint(), region.name());
    }

    static CognitoIdentityProviderClient cognito(URI endpoint, String region) {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(AwsCrtHttpClient.create())
                .build();
    }

    private static String newUsername() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static SignUpResponse signUp(CognitoIdentityProviderClient client, String username) {
        return client.signUp(b -> b.clientId(stack.clientId()).username(username).password(PASSWORD)
                .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
    }

    private static void signUpAndConfirm(String username) {
        try (var client = cognito(primary)) {
            signUp(client, username);
            String code = stack.outbox().latestCodeFor(username).orElseThrow();
            client.confirmSignUp(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code));
        }
    }

    private static AuthenticationResultType signIn(CognitoIdentityProviderClient client, String username, String password) {
        return client.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password))).authenticationResult();
    }

    @Test
    void signUpConfirmAndSignInAtBothRegions() {
        String username = newUsername();
        try (var east = cognito(primary); var west = cognito(secondary)) {
            SignUpResponse signUp = signUp(east, username);
            assertThat(signUp.userConfirmed()).isFalse();
            assertThat(signUp.userSub()).isNotBlank();
            assertThat(signUp.codeDeliveryDetails().destination()).isEqualTo("u***@e***");
            assertThat(signUp.codeDeliveryDetails().deliveryMediumAsString()).isEqualTo("EMAIL");

            assertThatThrownBy(() -> signIn(east, username, PASSWORD)).isInstanceOf(UserNotConfirmedException.class);
            String code = stack.outbox().latestCodeFor(username).orElseThrow();
            assertThatThrownBy(() -> east.confirmSignUp(b -> b.clientId(stack.clientId()).username(username)
                    .confirmationCode(code.equals("000000") ? "111111" : "000000")))
                    .isInstanceOf(CodeMismatchException.class);
            east.confirmSignUp(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code));

            AuthenticationResultType atPrimary = signIn(east, username, PASSWORD);
            assertThat(atPrimary.tokenType()).isEqualTo("Bearer");
            assertThat(atPrimary.expiresIn()).isEqualTo(3600);
            assertThat(atPrimary.refreshToken()).isNotBlank();

            assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(20))).isTrue();
            AuthenticationResultType atSecondary = signIn(west, username, PASSWORD);
            assertThat(atSecondary.idToken()).isNotBlank();

            GetUserResponse user = west.getUser(b -> b.accessToken(atPrimary.accessToken()));
            assertThat(user.username()).isEqualTo(username);
            assertThat(user.userAttributes()).extracting(AttributeType::name, AttributeType::value)
                    .contains(org.assertj.core.groups.Tuple.tuple("email", username + "@example.com"),
                            org.assertj.core.groups.Tuple.tuple("email_verified", "true"),
                            org.assertj.core.groups.Tuple.tuple("sub", signUp.userSub()));

            // The primary's refresh token works at the secondary: the session is the same.
            var refreshed = west.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                    .authParameters(Map.of("REFRESH_TOKEN", atPrimary.refreshToken()))).authenticationResult();
            assertThat(refreshed.accessToken()).isNotBlank();
            assertThat(refreshed.refreshToken()).isNull();
        }
    }

    @Test
    void secondaryRefusesSignUpAsAReadOnlyReplica() {
        try (var west = cognito(secondary)) {
            String username = newUsername();
            assertThatThrownBy(() -> signUp(west, username))
                    .isInstanceOfSatisfying(OperationNotEnabledException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).contains("read-only replica").contains(primary.name());
                    });
            assertThat(stack.outbox().latestCodeFor(username)).isEmpty();
        }
    }

    @Test
    void theFenceIsInTheTransactionNotOnlyInTheLookUp() {
        // A secondary that wrongly believes it leads (or a stale epoch) still cannot write.
        UserDirectory westDirectory = secondary.services().directory();
        UserDirectory eastDirectory = primary.services().directory();
        User user = new User(UUID.randomUUID().toString(), Username.of(newUsername()), UserStatus.UNCONFIRMED, true,
                Map.of("email", "x@example.com"), "$argon2id$x", Optional.<PendingCode>empty(), Instant.now(), Instant.now());
        assertThatThrownBy(() -> westDirectory.create(user, new LeaderRecord(secondary.name(), 1)))
                .isInstanceOf(UserDirectory.FencedOut.class);
        assertThatThrownBy(() -> eastDirectory.create(user, new LeaderRecord(primary.name(), 99)))
                .isInstanceOf(UserDirectory.FencedOut.class);
        assertThat(eastDirectory.findBySub(user.sub())).isEmpty();
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        String username = newUsername();
        signUpAndConfirm(username);
        try (var east = cognito(primary)) {
            assertThatThrownBy(() -> signIn(east, username, "Wrong-Password-1"))
                    .isInstanceOfSatisfying(NotAuthorizedException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Incorrect username or password."));
            assertThatThrownBy(() -> signIn(east, "nobody-" + username, "Wrong-Password-1"))
                    .isInstanceOfSatisfying(NotAuthorizedException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Incorrect username or password."));
            assertThatThrownBy(() -> signUp(east, username)).isInstanceOf(UsernameExistsException.class);
            assertThatThrownBy(() -> signUp(east, username.toUpperCase())).isInstanceOf(UsernameExistsException.class);
            assertThatThrownBy(() -> east.signUp(b -> b.clientId(stack.clientId()).username(newUsername()).password("short")
                    .userAttributes(AttributeType.builder().name("email").value("a@example.com").build())))
                    .isInstanceOfSatisfying(InvalidPasswordException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage()).contains("Password not long enough"));
        }
    }

    @Test
    void tokensFromEitherRegionVerifyAgainstEitherRegionsJwksWithAnIndependentLibrary() throws Exception {
        String username = newUsername();
        signUpAndConfirm(username);
        assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(20))).isTrue();
        String eastJwks = get(primary.endpoint().resolve("/.well-known/jwks.json")).body();
        String westJwks = get(secondary.endpoint().resolve("/.well-known/jwks.json")).body();
        assertThat(westJwks).isEqualTo(eastJwks);
        assertThat(get(secondary.endpoint().resolve("/.well-known/openid-configuration")).body())
                .isEqualTo(get(primary.endpoint().resolve("/.well-known/openid-configuration")).body());

        try (var east = cognito(primary); var west = cognito(secondary)) {
            for (var tokens : new AuthenticationResultType[] {signIn(east, username, PASSWORD), signIn(west, username, PASSWORD)}) {
                for (String jwks : new String[] {eastJwks, westJwks}) {
                    JwtClaims access = consumer(jwks, null).processToClaims(tokens.accessToken());
                    assertThat(access.getClaimValue("token_use")).isEqualTo("access");
                    assertThat(access.getClaimValue("client_id")).isEqualTo(stack.clientId());
                    assertThat(access.getClaimValue("username")).isEqualTo(username);
                    JwtClaims id = consumer(jwks, stack.clientId()).processToClaims(tokens.idToken());
                    assertThat(id.getClaimValue("token_use")).isEqualTo("id");
                    assertThat(id.getClaimValue("cognito:username")).isEqualTo(username);
                    assertThat(id.getClaimValue("email")).isEqualTo(username + "@example.com");
                }
            }
        }
    }

    private static JwtConsumer consumer(String jwks, String audience) throws Exception {
        var builder = new JwtConsumerBuilder()
                .setExpectedIssuer(stack.issuer())
                .setRequireExpirationTime()
                .setRequireSubject()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()));
        return audience == null ? builder.setSkipDefaultAudienceValidation().build()
                : builder.setExpectedAudience(audience).build();
    }

    @Test
    void frontDoorRoutesToThePrimaryAndDescribesTheStack() throws Exception {
        JsonNode config = JSON.readTree(get(stack.frontDoorEndpoint().resolve("/_local/config")).body());
        assertThat(config.path("userPoolId").asText()).startsWith("us-east-1_");
        assertThat(config.path("clientId").asText()).isEqualTo(stack.clientId());
        assertThat(config.path("issuer").asText()).isEqualTo(stack.issuer());
        assertThat(config.path("regions")).hasSize(2);
        assertThat(config.path("regions").get(0).path("name").asText()).isEqualTo("us-east-1");
        assertThat(config.path("regions").get(0).path("role").asText()).isEqualTo("primary");
        assertThat(config.path("regions").get(1).path("role").asText()).isEqualTo("secondary");
        assertThat(config.path("regions").get(1).path("endpoint").asText()).isEqualTo(secondary.endpoint().toString());

        JsonNode health = JSON.readTree(get(stack.frontDoorEndpoint().resolve("/health")).body());
        assertThat(health.path("region").asText()).isEqualTo(primary.name());
        assertThat(health.path("status").asText()).isEqualTo("ok");

        String username = newUsername();
        try (var viaFrontDoor = cognito(stack.frontDoorEndpoint(), "us-east-1")) {
            signUp(viaFrontDoor, username);
        }
        JsonNode outbox = JSON.readTree(get(stack.frontDoorEndpoint().resolve("/_local/outbox")).body());
        JsonNode last = outbox.get(outbox.size() - 1);
        assertThat(last.path("username").asText()).isEqualTo(username);
        assertThat(last.path("destination").asText()).isEqualTo(username + "@example.com");
        assertThat(last.path("code").asText()).matches("\\d{6}");
    }

    @Test
    void eachRegionReportsItsRoleInItsHealth() throws Exception {
        var east = get(primary.endpoint().resolve("/health"));
        var west = get(secondary.endpoint().resolve("/health"));
        assertThat(east.statusCode()).isEqualTo(200);
        assertThat(west.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(east.body()).path("role").asText()).isEqualTo("primary");
        assertThat(JSON.readTree(west.body()).path("role").asText()).isEqualTo("secondary");
        assertThat(JSON.readTree(west.body()).path("checks").path("kms").path("ok").asBoolean()).isTrue();
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
