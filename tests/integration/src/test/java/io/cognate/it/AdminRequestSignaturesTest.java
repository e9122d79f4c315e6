package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.admin.AdminKeyIssuance;
import io.cognate.domain.admin.AdminKeyPolicy;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;

/**
 * SigV4 on the Admin API, end to end: the AWS SDK's Cognito client with static credentials set
 * to an admin key, and requests signed by the SDK's own signer ({@link AwsV4HttpSigner}) and then
 * altered, against the local stack at both regions. Each refusal case of the Admin API is one
 * test here; every one answers the same {@code UnrecognizedClientException} (a read-only key's
 * write: {@code AccessDeniedException}).
 */
@ExtendWith(AdminRequestSignaturesTest.Stack.class)
class AdminRequestSignaturesTest {
    private static final String TARGET = "AWSCognitoIdentityProviderService.";
    private static LocalCognate stack;
    private static String username;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @BeforeAll
    static void aUser() {
        try (var users = PoolUsers.viaFrontDoor(stack)) {
            username = PoolUsers.newUsername();
            users.signUp(username, PoolUsers.PASSWORD);
            users.confirm(username);
        }
        Accounts.awaitReplicated(stack);
    }

    private static List<LocalRegion> regions() {
        return stack.regions();
    }

    private static Consumer<software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserRequest.Builder> getUser() {
        return b -> b.userPoolId(stack.userPoolId()).username(username);
    }

    private static void assertRefused(Runnable call, String errorCode) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CognitoIdentityProviderException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(errorCode);
            assertThat(e.statusCode()).isEqualTo(400);
        });
    }

    @Test
    void theLocalStacksAdminKeySignsAdminCallsAtEveryRegion() {
        for (LocalRegion region : regions()) {
            try (var admin = PoolUsers.adminClient(stack, region.endpoint(), region.name())) {
                assertThat(admin.adminGetUser(getUser()).username()).isEqualTo(username);
            }
        }
        try (var admin = PoolUsers.adminClient(stack, stack.frontDoorEndpoint(), stack.primary().name())) {
            assertThat(admin.adminGetUser(getUser()).username()).isEqualTo(username);
        }
    }

    @Test
    void noSignatureIsRefused() {
        try (var anonymous = PoolUsers.client(stack.frontDoorEndpoint(), stack.primary().name())) {
            assertRefused(() -> anonymous.adminGetUser(getUser()), "UnrecognizedClientException");
        }
    }

    @Test
    void aWrongSecretIsRefused() {
        try (var wrong = PoolUsers.adminClient(stack.frontDoorEndpoint(), stack.primary().name(),
                stack.adminAccessKeyId(), "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")) {
            assertRefused(() -> wrong.adminGetUser(getUser()), "UnrecognizedClientException");
        }
    }

    @Test
    void anUnknownKeyIsRefused() {
        try (var unknown = PoolUsers.adminClient(stack.frontDoorEndpoint(), stack.primary().name(),
                "CGNAAAAAAAAAAAAAAAAA", stack.adminSecretAccessKey())) {
            assertRefused(() -> unknown.adminGetUser(getUser()), "UnrecognizedClientException");
        }
    }

    @Test
    void aRevokedKeyIsRefusedAtEveryRegion() {
        AdminKeyIssuance issuance = stack.primary().services().adminKeyIssuance();
        var key = issuance.create(AdminKeyPolicy.FULL, "revoked in this test");
        Accounts.awaitReplicated(stack);
        for (LocalRegion region : regions()) {
            try (var admin = PoolUsers.adminClient(region.endpoint(), region.name(), key.key().keyId(), key.secretAccessKey())) {
                assertThat(admin.adminGetUser(getUser()).username()).isEqualTo(username);
            }
        }

        assertThat(issuance.revoke(key.key().keyId())).isTrue();
        Accounts.awaitReplicated(stack);

        for (LocalRegion region : regions()) {
            try (var admin = PoolUsers.adminClient(region.endpoint(), region.name(), key.key().keyId(), key.secretAccessKey())) {
                assertRefused(() -> admin.adminGetUser(getUser()), "UnrecognizedClientException");
            }
        }
    }

    @Test
    void aReadOnlyKeyReadsButCannotWrite() {
        var key = stack.primary().services().adminKeyIssuance().create(AdminKeyPolicy.READ_ONLY, "support tool");
        try (var readOnly = PoolUsers.adminClient(stack.frontDoorEndpoint(), stack.primary().name(),
                key.key().keyId(), key.secretAccessKey())) {
            assertThat(readOnly.adminGetUser(getUser()).username()).isEqualTo(username);
            assertRefused(() -> readOnly.adminDisableUser(b -> b.userPoolId(stack.userPoolId()).username(username)),
                    "AccessDeniedException");
        }
    }

    @Test
    void aRequestSignedByTheSdkSignerPassesAndATamperedCopyDoesNot() throws Exception {
        String body = "{\"UserPoolId\":\"" + stack.userPoolId() + "\",\"Username\":\"" + username + "\"}";
        HttpRequest genuine = sdkSigned("AdminGetUser", body, Clock.systemUTC());
        assertThat(send(genuine, body).statusCode()).isEqualTo(200);

        String tampered = body.replace(username, "someone-else");
        HttpResponse<String> answer = send(genuine, tampered);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("UnrecognizedClientException").doesNotContain("signature");
    }

    @Test
    void aRequestSignedMoreThanFiveMinutesAgoIsRefused() throws Exception {
        String body = "{\"UserPoolId\":\"" + stack.userPoolId() + "\",\"Username\":\"" + username + "\"}";
        Clock sixMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(6)), ZoneOffset.UTC);
        HttpResponse<String> answer = send(sdkSigned("AdminGetUser", body, sixMinutesAgo), body);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("UnrecognizedClientException");
    }

    @Test
    void theOperationCannotBeSwappedUnderASignature() throws Exception {
        String body = "{\"UserPoolId\":\"" + stack.userPoolId() + "\",\"Username\":\"" + username + "\"}";
        HttpRequest signedGet = sdkSigned("AdminGetUser", body, Clock.systemUTC());
        HttpRequest swapped = HttpRequest.newBuilder(signedGet, (name, value) -> !name.equalsIgnoreCase("x-amz-target"))
                .header("X-Amz-Target", TARGET + "AdminDisableUser").build();

        HttpResponse<String> answer = send(swapped, body);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("UnrecognizedClientException");
    }

    /** A POST signed by the SDK's own SigV4 signer with the stack's admin key, at {@code clock}'s time. */
    private static HttpRequest sdkSigned(String operation, String body, Clock clock) {
        URI endpoint = stack.frontDoorEndpoint();
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint.resolve("/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", TARGET + operation)
                .build();
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(stack.adminAccessKeyId(), stack.adminSecretAccessKey()))
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "cognito-idp")
                .putProperty(AwsV4HttpSigner.REGION_NAME, stack.primary().name())
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        var builder = HttpRequest.newBuilder(endpoint.resolve("/"));
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("host")) {
                header.getValue().forEach(value -> builder.header(header.getKey(), value));
            }
        }
        return builder.POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    private static HttpResponse<String> send(HttpRequest signed, String body) throws Exception {
        HttpRequest withBody = HttpRequest.newBuilder(signed, (name, value) -> true)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(withBody, HttpResponse.BodyHandlers.ofString());
        }
    }
}
