package io.cognate.domain.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.CognitoException;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.WriteFence;
import io.cognate.ports.AuthEvents;
import io.cognate.testing.InMemoryAdminKeys;
import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.MutableClock;
import io.cognate.testing.SealedInMemory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each way an Admin request can be wrong is refused with the same answer, counted by what was
 * wrong; a request signed right by an active key passes, and its policy is applied.
 */
class AdminRequestAuthenticationTest {
    private static final String REGION = "us-east-1";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String BODY = "{\"UserPoolId\":\"us-east-1_Pool\",\"Username\":\"alice\"}";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final List<String> refusals = new ArrayList<>();
    private AdminRequestAuthentication authentication;
    private AdminKeyIssuance issuance;
    private AdminKeyIssuance.IssuedKey full;
    private AdminKeyIssuance.IssuedKey readOnly;

    @BeforeEach
    void keys() {
        var leaders = new InMemoryLeaderRecords(clock);
        leaders.initialise(new LeaderRecord(REGION, 1));
        var keys = new InMemoryAdminKeys(REGION, leaders);
        var envelopes = new SealedInMemory();
        issuance = new AdminKeyIssuance(keys, envelopes, new WriteFence(REGION, leaders), new SecureRandom(), clock);
        full = issuance.create(AdminKeyPolicy.FULL, "backend");
        readOnly = issuance.create(AdminKeyPolicy.READ_ONLY, "support tool");
        AuthEvents events = new AuthEvents() {
            @Override
            public void adminRequestRefused(String reason) {
                refusals.add(reason);
            }
        };
        authentication = new AdminRequestAuthentication("us-east-1_Pool", keys, envelopes, events, clock, new SecureRandom());
    }

    /** A request as the SDK sends it, signed at {@code at} with {@code secret} for {@code keyId}. */
    private static SignedRequest signed(String keyId, String secret, Instant at, String operation, String body,
                                        Map<String, String> extraHeaders) {
        String amzDate = AMZ_DATE.format(at);
        var headers = new LinkedHashMap<String, String>();
        headers.put("host", "auth.example.com");
        headers.put("content-type", "application/x-amz-json-1.1");
        headers.put("x-amz-date", amzDate);
        headers.put("x-amz-target", "AWSCognitoIdentityProviderService." + operation);
        headers.putAll(extraHeaders);
        var request = new SignedRequest("POST", "/", "", headers, body.getBytes(StandardCharsets.UTF_8));
        List<String> signedNames = new ArrayList<>(request.headers().keySet());
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + REGION + "/cognito-idp/aws4_request";
        String signature = HexFormat.of().formatHex(SignatureV4.signature(SignatureV4.signingKey(secret, date, REGION, "cognito-idp"),
                SignatureV4.stringToSign(amzDate, scope, SignatureV4.canonicalRequest(request, signedNames,
                        SignatureV4.sha256Hex(request.body())))));
        var withAuthorization = new LinkedHashMap<>(request.headers());
        withAuthorization.put("authorization", "AWS4-HMAC-SHA256 Credential=" + keyId + "/" + scope
                + ", SignedHeaders=" + String.join(";", signedNames) + ", Signature=" + signature);
        return new SignedRequest("POST", "/", "", withAuthorization, request.body());
    }

    private SignedRequest signedNow(AdminKeyIssuance.IssuedKey key, String operation) {
        return signed(key.key().keyId(), key.secretAccessKey(), clock.instant(), operation, BODY, Map.of());
    }

    private void assertRefused(SignedRequest request, String operation, String reason) {
        assertThatThrownBy(() -> authentication.authenticate(request, operation))
                .isInstanceOfSatisfying(CognitoException.class, e -> {
                    assertThat(e.type()).isEqualTo("UnrecognizedClientException");
                    assertThat(e.getMessage()).isEqualTo("The security token included in the request is invalid.");
                });
        assertThat(refusals).last().isEqualTo(reason);
    }

    private static SignedRequest withHeader(SignedRequest request, String name, String value) {
        var headers = new LinkedHashMap<>(request.headers());
        headers.put(name, value);
        return new SignedRequest(request.method(), request.path(), request.rawQuery(), headers, request.body());
    }

    @Test
    void aRequestSignedByAnActiveKeyPasses() {
        var caller = authentication.authenticate(signedNow(full, "AdminDisableUser"), "AdminDisableUser");

        assertThat(caller.keyId()).isEqualTo(full.key().keyId());
        assertThat(refusals).isEmpty();
    }

    @Test
    void aReadOnlyKeyReadsButDoesNotWrite() {
        authentication.authenticate(signedNow(readOnly, "AdminGetUser"), "AdminGetUser");
        authentication.authenticate(signedNow(readOnly, "ListUsers"), "ListUsers");
        authentication.authenticate(signedNow(readOnly, "DescribeUserPoolClient"), "DescribeUserPoolClient");

        assertThatThrownBy(() -> authentication.authenticate(signedNow(readOnly, "AdminDisableUser"), "AdminDisableUser"))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("AccessDeniedException"));
        assertThat(refusals).containsExactly("policy");
    }

    @Test
    void noSignatureIsRefused() {
        var unsigned = new SignedRequest("POST", "/", "", Map.of("host", "auth.example.com",
                "x-amz-target", "AWSCognitoIdentityProviderService.AdminGetUser"), BODY.getBytes(StandardCharsets.UTF_8));
        assertRefused(unsigned, "AdminGetUser", "missing");
    }

    @Test
    void aWrongSecretIsRefused() {
        var request = signed(full.key().keyId(), readOnly.secretAccessKey(), clock.instant(), "AdminGetUser", BODY, Map.of());
        assertRefused(request, "AdminGetUser", "signature");
    }

    @Test
    void anUnknownKeyIsRefused() {
        var request = signed("CGNUNKNOWNKEY0000000", full.secretAccessKey(), clock.instant(), "AdminGetUser", BODY, Map.of());
        assertRefused(request, "AdminGetUser", "unknown-key");
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        var request = signedNow(full, "AdminGetUser");
        authentication.authenticate(request, "AdminGetUser");

        assertThat(issuance.revoke(full.key().keyId())).isTrue();

        assertRefused(request, "AdminGetUser", "revoked");
    }

    @Test
    void aTamperedBodyIsRefused() {
        var request = signedNow(full, "AdminGetUser");
        var tampered = new SignedRequest("POST", "/", "", request.headers(),
                BODY.replace("alice", "mallory").getBytes(StandardCharsets.UTF_8));
        assertRefused(tampered, "AdminGetUser", "signature");
    }

    @Test
    void aSwappedOperationIsRefused() {
        var request = withHeader(signedNow(full, "AdminGetUser"), "x-amz-target",
                "AWSCognitoIdentityProviderService.AdminDeleteUser");
        assertRefused(request, "AdminDeleteUser", "signature");
    }

    @Test
    void anOldOrFutureDateIsRefused() {
        var old = signed(full.key().keyId(), full.secretAccessKey(), clock.instant().minus(Duration.ofMinutes(6)),
                "AdminGetUser", BODY, Map.of());
        assertRefused(old, "AdminGetUser", "skew");
        var future = signed(full.key().keyId(), full.secretAccessKey(), clock.instant().plus(Duration.ofMinutes(6)),
                "AdminGetUser", BODY, Map.of());
        assertRefused(future, "AdminGetUser", "skew");
        var withinSkew = signed(full.key().keyId(), full.secretAccessKey(), clock.instant().minus(Duration.ofMinutes(4)),
                "AdminGetUser", BODY, Map.of());
        authentication.authenticate(withinSkew, "AdminGetUser");
    }

    @Test
    void aPayloadHashThatIsNotTheBodysIsRefused() {
        var request = signed(full.key().keyId(), full.secretAccessKey(), clock.instant(), "AdminGetUser", BODY,
                Map.of("x-amz-content-sha256", "UNSIGNED-PAYLOAD"));
        assertRefused(request, "AdminGetUser", "payload");
    }

    @Test
    void theOperationAndTheDateMustBeSigned() {
        var request = signedNow(full, "AdminGetUser");
        String authorization = request.header("authorization").orElseThrow()
                .replace("SignedHeaders=content-type;host;x-amz-date;x-amz-target", "SignedHeaders=content-type;host;x-amz-date");
        assertRefused(withHeader(request, "authorization", authorization), "AdminGetUser", "headers");
    }

    @Test
    void anUnsignedSessionTokenIsRefused() {
        var request = withHeader(signedNow(full, "AdminGetUser"), "x-amz-security-token", "token");
        assertRefused(request, "AdminGetUser", "headers");
    }

    @Test
    void presignedQueryFormsAreRefused() {
        var request = signedNow(full, "AdminGetUser");
        var presigned = new SignedRequest("POST", "/", "X-Amz-Signature=abc&X-Amz-Credential=x", request.headers(),
                request.body());
        assertRefused(presigned, "AdminGetUser", "presigned");
    }

    @Test
    void aCredentialForAnotherServiceIsRefused() {
        var request = signedNow(full, "AdminGetUser");
        String authorization = request.header("authorization").orElseThrow().replace("/cognito-idp/", "/iam/");
        assertRefused(withHeader(request, "authorization", authorization), "AdminGetUser", "scope");
    }

    @Test
    void malformedAuthorizationHeadersAreRefusedWithoutAnError() {
        for (String header : List.of("", "Bearer x", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 Credential=a, SignedHeaders=b, Signature=zz",
                "AWS4-HMAC-SHA256 Credential=" + "A".repeat(5000) + ", SignedHeaders=host, Signature=" + "0".repeat(64))) {
            var request = withHeader(signedNow(full, "AdminGetUser"), "authorization", header);
            assertThatThrownBy(() -> authentication.authenticate(request, "AdminGetUser"))
                    .isInstanceOfSatisfying(CognitoException.class,
                            e -> assertThat(e.type()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void theSecretIsNeverShownByTheIssuedKeysText() {
        assertThat(full.toString()).doesNotContain(full.secretAccessKey());
        assertThat(full.key().sealedSecret()).doesNotContain(full.secretAccessKey());
    }
}
