package io.cognate.domain.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A presigned URL is accepted for its method, path and region until it expires, and refused once
 * expired, before it was signed, or with any part changed (signature, path, expiry, method, key).
 */
class PresignedS3UrlTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final PresignedS3Url.Credentials KEY =
            new PresignedS3Url.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Optional.of("token/with+chars="));
    private static final Function<String, Optional<String>> SECRETS =
            id -> id.equals(KEY.accessKeyId()) ? Optional.of(KEY.secretAccessKey()) : Optional.empty();

    private static URI url() {
        return PresignedS3Url.presign("PUT", URI.create("http://127.0.0.1:9380/_local/import-uploads/bucket/import-abc.csv"),
                "us-east-1", KEY, NOW, Duration.ofMinutes(15));
    }

    private static boolean accepted(String method, URI url, Instant at) {
        return PresignedS3Url.verify(method, url.getHost() + ":" + url.getPort(), url.getRawPath(), url.getRawQuery(),
                "us-east-1", SECRETS, at);
    }

    @Test
    void aUrlIsAcceptedUntilItExpires() {
        URI url = url();

        assertThat(url.getRawQuery()).contains("X-Amz-Expires=900", "X-Amz-Signature=", "X-Amz-Security-Token=");
        assertThat(accepted("PUT", url, NOW)).isTrue();
        assertThat(accepted("PUT", url, NOW.plusSeconds(899))).isTrue();
        assertThat(accepted("PUT", url, NOW.plusSeconds(900))).isFalse();
        assertThat(accepted("PUT", url, NOW.minusSeconds(3600))).isFalse();
    }

    @Test
    void aUrlWithAnyPartChangedIsRefused() {
        String good = url().toString();
        String signature = good.substring(good.indexOf("X-Amz-Signature=") + 16);
        String otherSignature = (signature.charAt(0) == 'a' ? "b" : "a") + signature.substring(1);

        assertThat(accepted("GET", URI.create(good), NOW)).isFalse();
        assertThat(accepted("PUT", URI.create(good.replace(signature, otherSignature)), NOW)).isFalse();
        assertThat(accepted("PUT", URI.create(good.replace("import-abc", "import-xyz")), NOW)).isFalse();
        assertThat(accepted("PUT", URI.create(good.replace("X-Amz-Expires=900", "X-Amz-Expires=9000")), NOW)).isFalse();
        assertThat(accepted("PUT", URI.create(good.replace("AKIDEXAMPLE", "AKIDOTHER00")), NOW)).isFalse();
        assertThat(PresignedS3Url.verify("PUT", "127.0.0.1:9380", URI.create(good).getRawPath(), URI.create(good).getRawQuery(),
                "eu-west-1", SECRETS, NOW)).isFalse();
    }
}
