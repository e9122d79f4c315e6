package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.webauthn.WebAuthn4jVerifier;
import io.cognate.domain.passkeys.PasskeyCredential;
import io.cognate.ports.WebAuthnVerifier;
import io.cognate.ports.WebAuthnVerifier.Expectation;
import io.cognate.ports.WebAuthnVerifier.Reason;
import io.cognate.ports.WebAuthnVerifier.Refused;
import io.cognate.webauthn.SoftwareAuthenticator;
import io.cognate.webauthn.SoftwareAuthenticator.Algorithm;
import io.cognate.webauthn.SoftwareAuthenticator.AttestationFormat;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The webauthn4j adapter against {@link SoftwareAuthenticator}, a WebAuthn authenticator written
 * independently from the specification: registrations with {@code none} and {@code packed} self
 * attestation for ES256 and RS256 keys, assertions by the stored key, and every field an
 * attacker controls refused when it is not what the server expects.
 */
class WebAuthn4jVerifierTest {
    private static final String RP_ID = "auth.example.com";
    private static final String ORIGIN = "https://auth.example.com";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebAuthnVerifier verifier = new WebAuthn4jVerifier();

    private static byte[] challenge() {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        return challenge;
    }

    private static Expectation expecting(byte[] challenge) {
        return new Expectation(RP_ID, Set.of(ORIGIN, "https://app.auth.example.com"), challenge);
    }

    private static String creationOptions(byte[] challenge) {
        return "{\"challenge\":\"" + BASE64URL.encodeToString(challenge) + "\",\"rp\":{\"id\":\"" + RP_ID
                + "\",\"name\":\"" + RP_ID + "\"},\"user\":{\"id\":\""
                + BASE64URL.encodeToString("sub-1".getBytes(StandardCharsets.UTF_8)) + "\",\"name\":\"alice\"}}";
    }

    private static String requestOptions(byte[] challenge) {
        return "{\"challenge\":\"" + BASE64URL.encodeToString(challenge) + "\",\"rpId\":\"" + RP_ID + "\"}";
    }

    private static PasskeyCredential stored(WebAuthnVerifier.NewCredential created) {
        return new PasskeyCredential(created.credentialId(), created.publicKey(), created.signCount(),
                created.attestationFormat(), created.transports(), created.authenticatorAttachment(), "test", RP_ID,
                Instant.now());
    }

    /** A registered authenticator and its credential as stored. */
    private record Registered(SoftwareAuthenticator authenticator, PasskeyCredential credential) {
    }

    private Registered register(Algorithm algorithm, AttestationFormat format) {
        var authenticator = SoftwareAuthenticator.create(algorithm, ORIGIN);
        byte[] challenge = challenge();
        var created = verifier.register(authenticator.register(creationOptions(challenge), format), expecting(challenge));
        return new Registered(authenticator, stored(created));
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"ES256", "RS256"})
    void registersWithNoneAndPackedSelfAttestationAndVerifiesAssertionsByTheStoredKey(Algorithm algorithm) {
        for (AttestationFormat format : AttestationFormat.values()) {
            var authenticator = SoftwareAuthenticator.create(algorithm, ORIGIN);
            byte[] challenge = challenge();
            var created = verifier.register(authenticator.register(creationOptions(challenge), format), expecting(challenge));

            assertThat(created.credentialId()).isEqualTo(authenticator.credentialId());
            assertThat(created.attestationFormat()).isEqualTo(format == AttestationFormat.NONE ? "none" : "packed");
            assertThat(created.signCount()).isEqualTo(1);
            assertThat(created.transports()).containsExactly("hybrid", "internal");
            assertThat(created.authenticatorAttachment()).contains("platform");

            byte[] signIn = challenge();
            var asserted = verifier.authenticate(authenticator.assertion(requestOptions(signIn)), expecting(signIn),
                    List.of(stored(created)));
            assertThat(asserted.credentialId()).isEqualTo(created.credentialId());
            assertThat(asserted.signCount()).isEqualTo(2);
            assertThat(asserted.userHandle()).hasValueSatisfying(handle ->
                    assertThat(new String(handle, StandardCharsets.UTF_8)).isEqualTo("sub-1"));
        }
    }

    @Test
    void theCountIsReportedNotJudged() {
        var registered = register(Algorithm.ES256, AttestationFormat.NONE);
        byte[] signIn = challenge();
        String options = requestOptions(signIn);
        var asserted = verifier.authenticate(registered.authenticator().assertion(options,
                registered.authenticator().honestAssertion(options).withSignCount(0)), expecting(signIn),
                List.of(registered.credential()));
        assertThat(asserted.signCount()).isZero();
    }

    // ---- registration refused -------------------------------------------------------------------

    private Reason registrationRefusal(SoftwareAuthenticator authenticator, java.util.function.UnaryOperator<SoftwareAuthenticator.Ceremony> change) {
        byte[] challenge = challenge();
        String options = creationOptions(challenge);
        String response = authenticator.register(options, change.apply(authenticator.honestRegistration(options)));
        try {
            verifier.register(response, expecting(challenge));
        } catch (Refused refused) {
            return refused.reason();
        }
        throw new AssertionError("registration was accepted");
    }

    @Test
    void aRegistrationForAnotherOriginRelyingPartyOrChallengeIsRefused() {
        var authenticator = SoftwareAuthenticator.create(Algorithm.ES256, ORIGIN);
        assertThat(registrationRefusal(authenticator, c -> c.withOrigin("https://evil.example"))).isEqualTo(Reason.ORIGIN);
        assertThat(registrationRefusal(authenticator, c -> c.withOrigin("http://auth.example.com"))).isEqualTo(Reason.ORIGIN);
        assertThat(registrationRefusal(authenticator, c -> c.withRpId("evil.example"))).isEqualTo(Reason.RELYING_PARTY);
        assertThat(registrationRefusal(authenticator, c -> c.withChallenge(challenge()))).isEqualTo(Reason.CHALLENGE);
        assertThat(registrationRefusal(authenticator, c -> c.withType("webauthn.get"))).isEqualTo(Reason.INVALID);
        assertThat(registrationRefusal(authenticator, c -> c.withoutUserPresence())).isEqualTo(Reason.USER_NOT_PRESENT);
        assertThat(registrationRefusal(authenticator, c -> c.withFormat(AttestationFormat.PACKED_SELF).withBrokenSignature()))
                .isEqualTo(Reason.INVALID);
    }

    @Test
    void aKeyAlgorithmOtherThanEs256OrRs256IsNotSupported() {
        var authenticator = SoftwareAuthenticator.create(Algorithm.ES384, ORIGIN);
        assertThat(registrationRefusal(authenticator, c -> c)).isEqualTo(Reason.UNSUPPORTED);
    }

    // ---- assertion refused ----------------------------------------------------------------------

    private Reason assertionRefusal(Registered registered, java.util.function.UnaryOperator<SoftwareAuthenticator.Ceremony> change) {
        byte[] signIn = challenge();
        String options = requestOptions(signIn);
        String response = registered.authenticator().assertion(options,
                change.apply(registered.authenticator().honestAssertion(options)));
        try {
            verifier.authenticate(response, expecting(signIn), List.of(registered.credential()));
        } catch (Refused refused) {
            return refused.reason();
        }
        throw new AssertionError("assertion was accepted");
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"ES256", "RS256"})
    void anAssertionForAnotherOriginRelyingPartyOrChallengeOrWithABrokenSignatureIsRefused(Algorithm algorithm) {
        var registered = register(algorithm, AttestationFormat.PACKED_SELF);
        assertThat(assertionRefusal(registered, c -> c.withOrigin("https://evil.example"))).isEqualTo(Reason.ORIGIN);
        assertThat(assertionRefusal(registered, c -> c.withRpId("evil.example"))).isEqualTo(Reason.RELYING_PARTY);
        assertThat(assertionRefusal(registered, c -> c.withChallenge(challenge()))).isEqualTo(Reason.CHALLENGE);
        assertThat(assertionRefusal(registered, c -> c.withType("webauthn.create"))).isEqualTo(Reason.INVALID);
        assertThat(assertionRefusal(registered, c -> c.withoutUserPresence())).isEqualTo(Reason.USER_NOT_PRESENT);
        assertThat(assertionRefusal(registered, c -> c.withBrokenSignature())).isEqualTo(Reason.INVALID);
    }

    @Test
    void anAssertionByAKeyThatIsNotAllowedIsRefused() {
        var registered = register(Algorithm.ES256, AttestationFormat.NONE);
        var other = register(Algorithm.ES256, AttestationFormat.NONE);
        byte[] signIn = challenge();
        String response = registered.authenticator().assertion(requestOptions(signIn));

        assertThatThrownBy(() -> verifier.authenticate(response, expecting(signIn), List.of(other.credential())))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.UNKNOWN_CREDENTIAL));
        // The other credential's key under this credential's id: the signature does not verify.
        PasskeyCredential swapped = new PasskeyCredential(registered.credential().credentialId(),
                other.credential().publicKey(), 0, "none", List.of(), Optional.empty(), "x", RP_ID, Instant.now());
        assertThatThrownBy(() -> verifier.authenticate(response, expecting(signIn), List.of(swapped)))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.INVALID));
    }

    @Test
    void garbageIsRefusedAsMalformedAndNeverThrowsAnythingElse() {
        var registered = register(Algorithm.ES256, AttestationFormat.NONE);
        byte[] challenge = challenge();
        String good = registered.authenticator().assertion(requestOptions(challenge));
        List<String> garbage = List.of("", "{}", "[]", "null", "42", "\"text\"", "{\"id\":1}",
                "{\"id\":\"x\",\"rawId\":\"x\",\"type\":\"public-key\",\"response\":{}}",
                good.replace("\"signature\":\"", "\"signature\":\"!!"),
                good.replace("\"authenticatorData\":\"", "\"authenticatorData\":\"AAAA"),
                good.replace("\"clientDataJSON\":\"", "\"clientDataJSON\":\"e30"),
                good.substring(0, good.length() / 2),
                "{\"id\":\"" + "A".repeat(5000) + "\"}");
        for (String json : garbage) {
            assertThatThrownBy(() -> verifier.authenticate(json, expecting(challenge), List.of(registered.credential())))
                    .as(json.length() > 100 ? json.substring(0, 100) : json).isInstanceOf(Refused.class);
            assertThatThrownBy(() -> verifier.register(json, expecting(challenge)))
                    .as(json.length() > 100 ? json.substring(0, 100) : json).isInstanceOf(Refused.class);
        }
    }
}
