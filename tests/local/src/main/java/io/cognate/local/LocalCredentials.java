package io.cognate.local;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What the local stack signs with. DynamoDB Local, the local endpoints and LocalStack do not
 * check signatures; real credentials are never needed or read, and these are no secret.
 */
public final class LocalCredentials {
    /** For the SDK clients the local stack builds itself. */
    public static final StaticCredentialsProvider PROVIDER =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private LocalCredentials() {
    }

    /** Gives the SDK's default credential chain (the functions' clients) something to sign with. */
    public static void install() {
        if (System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "local");
            System.setProperty("aws.secretAccessKey", "local");
        }
    }
}
