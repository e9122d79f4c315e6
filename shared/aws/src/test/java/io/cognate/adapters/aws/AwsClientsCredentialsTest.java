package io.cognate.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/** Which credentials the functions' clients sign with: Lambda's environment when it holds them, else the default chain. */
class AwsClientsCredentialsTest {

    @Test
    void lambdasEnvironmentCredentialsAreReadFromTheEnvironmentAlone() {
        assertThat(AwsClients.credentialsFrom(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token")))
                .isInstanceOf(EnvironmentVariableCredentialsProvider.class);
    }

    /** SnapStart functions get no keys in the environment: the container endpoint, through the default chain. */
    @Test
    void withoutBothKeysTheDefaultChainDecides() {
        assertThat(AwsClients.credentialsFrom(Map.of())).isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(AwsClients.credentialsFrom(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")))
                .isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(AwsClients.credentialsFrom(Map.of("AWS_ACCESS_KEY_ID", "", "AWS_SECRET_ACCESS_KEY", "secret")))
                .isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(AwsClients.credentialsFrom(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/x")))
                .isInstanceOf(DefaultCredentialsProvider.class);
        // Where both are given, the container endpoint: keys seen before a snapshot would be stale after it.
        assertThat(AwsClients.credentialsFrom(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/x")))
                .isInstanceOf(DefaultCredentialsProvider.class);
    }
}
