package io.cognate.bench;

import java.net.URI;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Runs in a fresh JVM: builds a KMS client over the HTTP client named by the first argument
 * ({@code crt} or {@code urlconnection}) and fetches the public key once, the only AWS call the
 * token-verifier makes. Prints {@code FETCHED}. Compares the two clients' share of a cold start.
 */
public final class HttpClientStartDriver {
    private HttpClientStartDriver() {
    }

    public static void main(String[] args) {
        SdkHttpClient http = args[0].equals("crt")
                ? software.amazon.awssdk.http.crt.AwsCrtHttpClient.create()
                : software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create();
        try (KmsClient kms = KmsClient.builder().region(Region.of(args[1])).endpointOverride(URI.create(args[2]))
                .httpClient(http).build()) {
            int length = kms.getPublicKey(b -> b.keyId(args[3])).publicKey().asByteArray().length;
            System.out.println(length > 0 ? "FETCHED" : "EMPTY");
            System.out.flush();
        }
        http.close();
    }
}
