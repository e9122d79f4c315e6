package io.cognate.local.kms;

import software.amazon.awssdk.services.kms.KmsClient;

/** Two local KMS regions of one account, each with a real SDK client pointed at it. */
public final class TwoRegionKms implements AutoCloseable {

    public static final String PRIMARY_REGION = "us-east-1";
    public static final String OTHER_REGION = "eu-west-1";

    public final KeyMaterialStore store = new KeyMaterialStore();
    public final LocalKms primaryKms = LocalKms.start(PRIMARY_REGION, 0, store);
    public final LocalKms otherKms = LocalKms.start(OTHER_REGION, 0, store);
    public final KmsClient primary = primaryKms.newClient();
    public final KmsClient other = otherKms.newClient();

    @Override
    public void close() {
        primary.close();
        other.close();
        primaryKms.close();
        otherKms.close();
    }
}
