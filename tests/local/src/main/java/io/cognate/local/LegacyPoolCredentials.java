package io.cognate.local;

import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The credentials a local region asks the legacy pool of lazy migration with. On AWS that is the
 * function's role, through the SDK's default chain, and so it is here until {@code /_local/migration}
 * gives a key: a legacy pool that is itself a local stack checks its Admin API's signatures
 * against its own admin keys, which no default chain holds. Kept in memory only.
 */
final class LegacyPoolCredentials implements AwsCredentialsProvider {
    private final AwsCredentialsProvider defaultChain = DefaultCredentialsProvider.builder().build();
    private volatile Optional<AwsCredentials> given = Optional.empty();

    void use(Optional<AwsCredentials> credentials) {
        given = credentials;
    }

    static AwsCredentials of(String accessKeyId, String secretAccessKey) {
        return AwsBasicCredentials.create(accessKeyId, secretAccessKey);
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return given.orElseGet(defaultChain::resolveCredentials);
    }

    @Override
    public String toString() {
        return "LegacyPoolCredentials[" + (given.isPresent() ? "given" : "default chain") + "]";
    }
}
