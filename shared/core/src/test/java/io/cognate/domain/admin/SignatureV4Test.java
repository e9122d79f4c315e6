package io.cognate.domain.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SigV4 against the worked example AWS publishes for it (IAM ListUsers, 30 August 2015, in
 * "Create a signed AWS API request" / "Examples of how to derive a signing key"): every
 * intermediate value must come out as published.
 */
class SignatureV4Test {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private static final SignedRequest LIST_USERS = new SignedRequest("GET", "/", "Action=ListUsers&Version=2010-05-08",
            Map.of("Host", "iam.amazonaws.com",
                    "Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                    "X-Amz-Date", "20150830T123600Z"),
            new byte[0]);

    @Test
    void theCanonicalRequestHashesAsPublished() {
        String canonical = SignatureV4.canonicalRequest(LIST_USERS, List.of("content-type", "host", "x-amz-date"),
                SignatureV4.sha256Hex(new byte[0]));

        assertThat(SignatureV4.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    }

    @Test
    void theSigningKeyIsDerivedAsPublished() {
        assertThat(HexFormat.of().formatHex(SignatureV4.signingKey(SECRET, "20150830", "us-east-1", "iam")))
                .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    }

    @Test
    void theSignatureIsThePublishedOne() {
        String canonical = SignatureV4.canonicalRequest(LIST_USERS, List.of("content-type", "host", "x-amz-date"),
                SignatureV4.sha256Hex(new byte[0]));
        String toSign = SignatureV4.stringToSign("20150830T123600Z", "20150830/us-east-1/iam/aws4_request", canonical);

        assertThat(HexFormat.of().formatHex(SignatureV4.signature(
                SignatureV4.signingKey(SECRET, "20150830", "us-east-1", "iam"), toSign)))
                .isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    @Test
    void queryParametersAreSortedAndEncodedOnce() {
        assertThat(SignatureV4.canonicalQuery("b=2&a=x%20y&a=1&c")).isEqualTo("a=1&a=x%20y&b=2&c=");
        assertThat(SignatureV4.canonicalQuery("")).isEmpty();
    }

    @Test
    void pathSegmentsAreEncodedTwiceAsEveryServiceButS3SignsThem() {
        assertThat(SignatureV4.canonicalUri("/")).isEqualTo("/");
        assertThat(SignatureV4.canonicalUri("/a b/c")).isEqualTo("/a%2520b/c");
        assertThat(SignatureV4.canonicalUri("/a%20b/c")).isEqualTo("/a%2520b/c");
    }

    @Test
    void headerValuesAreTrimmedAndTheirSpacesCollapsed() {
        assertThat(SignatureV4.canonicalHeaderValue("  a   b  c ")).isEqualTo("a b c");
    }
}
