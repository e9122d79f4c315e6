package io.cognate.local;

/**
 * Gives the SDK's default credential chain something to sign with locally. The local
 * endpoints do not check signatures; real credentials are never needed or read.
 */
final class LocalCredentials {
    private LocalCredentials() {
    }

    static void install() {
        if (System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "local");
            System.setProperty("aws.secretAccessKey", "local");
        }
    }
}
