package io.cognate.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The pool under load: its endpoint, region, app client and pool id, with the SDK's Cognito client
 * (unsigned, as apps call the public operations) and an admin client (SigV4) for confirming the
 * users it makes. At a local stack these come from {@code /_local/config} and the admin key in it;
 * elsewhere from flags and the default AWS credentials.
 */
public final class LoadTarget implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final String region;
    private final String clientId;
    private final String userPoolId;
    private final boolean local;
    private final SdkHttpClient http;
    private final CognitoIdentityProviderClient cognito;
    private final CognitoIdentityProviderClient admin;

    private LoadTarget(URI endpoint, String region, String clientId, String userPoolId, boolean local,
                       AwsCredentialsProvider adminCredentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.clientId = clientId;
        this.userPoolId = userPoolId;
        this.local = local;
        this.http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(CALL_TIMEOUT).build();
        this.cognito = client(AnonymousCredentialsProvider.create());
        this.admin = client(adminCredentials);
    }

    private CognitoIdentityProviderClient client(AwsCredentialsProvider credentials) {
        // No retries: a throttled or failed call is an error of the run, counted, not hidden.
        return CognitoIdentityProviderClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(CALL_TIMEOUT))
                .build();
    }

    /** A local stack's front door: the pool, client and admin key from its {@code /_local/config}. */
    public static LoadTarget local(URI frontDoor) {
        JsonNode config = getJson(frontDoor.resolve("/_local/config"))
                .orElseThrow(() -> new IllegalStateException(frontDoor + " serves no /_local/config: not a local stack"
                        + " (give --client-id and --user-pool-id for another endpoint)"));
        String region = config.path("regions").path(0).path("name").asText();
        return new LoadTarget(frontDoor, region, config.path("clientId").asText(), config.path("userPoolId").asText(),
                true, StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        config.path("adminAccessKeyId").asText(), config.path("adminSecretAccessKey").asText())));
    }

    /** Any endpoint speaking Cognito's protocol; users are confirmed with the default AWS credentials. */
    /** The JSON mapper the load generator reads and writes with. */
    public static ObjectMapper json() {
        return JSON;
    }

    public static LoadTarget remote(URI endpoint, String region, String clientId, String userPoolId) {
        return new LoadTarget(endpoint, region, clientId, userPoolId, false, DefaultCredentialsProvider.builder().build());
    }

    public URI endpoint() {
        return endpoint;
    }

    public String clientId() {
        return clientId;
    }

    public String userPoolId() {
        return userPoolId;
    }

    public CognitoIdentityProviderClient cognito() {
        return cognito;
    }

    public CognitoIdentityProviderClient admin() {
        return admin;
    }

    /** The stack's cumulative usage counters, or empty where the endpoint is not a local stack. */
    public Optional<JsonNode> usage() {
        return local ? getJson(endpoint.resolve("/_local/usage")) : Optional.empty();
    }

    /** GET with {@code authorization}; the status code (the body is read and dropped, so the connection is reused). */
    public int get(String path, String authorization) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout((int) CALL_TIMEOUT.toMillis());
        connection.setRequestProperty("Authorization", authorization);
        int status = connection.getResponseCode();
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (body != null) {
                body.readAllBytes();
            }
        }
        return status;
    }

    static Optional<JsonNode> getJson(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(10_000);
            if (connection.getResponseCode() != 200) {
                return Optional.empty();
            }
            try (InputStream body = connection.getInputStream()) {
                return Optional.of(JSON.readTree(body));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        cognito.close();
        admin.close();
        http.close();
    }
}
