package io.cognate.local.kms;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** Two local KMS regions of one account, each with a real SDK client pointed at it. */
final class TwoRegionKms implements AutoCloseable {

    static final String PRIMARY_REGION = "us-east-1";
    static final String OTHER_REGION = "eu-west-1";

    final KeyMaterialStore store = new KeyMaterialStore();
    final LocalKms primaryKms = LocalKms.start(PRIMARY_REGION, 0, store);
    final LocalKms otherKms = LocalKms.start(OTHER_REGION, 0, store);
    final KmsClient primary = client(primaryKms);
    final KmsClient other = client(otherKms);

    private static KmsClient client(LocalKms kms) {
        return KmsClient.builder()
                .endpointOverride(kms.endpoint())
                .region(Region.of(kms.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(AwsCrtHttpClient.create())
                .build();
    }

    @Override
    public void close() {
        primary.close();
        other.close();
        primaryKms.close();
        otherKms.close();
    }
}
