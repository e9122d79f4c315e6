package io.cognate.ports;

import io.cognate.domain.passkeys.PasskeyCredential;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The WebAuthn ceremonies' cryptography: a registration response (attestation) and an
 * authentication response (assertion) checked against what the server expects. Implemented
 * with a WebAuthn library in the adapters; core decides everything else (which challenge, which
 * credentials, the signature count's rule).
 */
public interface WebAuthnVerifier {
    /** Signature algorithms accepted, as COSE identifiers: ES256 (-7) and RS256 (-257). */
    long ES256 = -7;
    long RS256 = -257;

    /** What the response must show: the relying party, an allowed origin, this challenge. */
    record Expectation(String relyingPartyId, Set<String> origins, byte[] challenge) {
        public Expectation {
            origins = Set.copyOf(origins);
            challenge = challenge.clone();
        }

        @Override
        public byte[] challenge() {
            return challenge.clone();
        }
    }

    /** A verified new credential, in the form it is stored. */
    record NewCredential(String credentialId, String publicKey, long signCount, String attestationFormat,
                         List<String> transports, Optional<String> authenticatorAttachment) {
    }

    /** A verified assertion: the credential that signed, the count it reported, the user handle if sent. */
    record VerifiedAssertion(String credentialId, long signCount, Optional<byte[]> userHandle) {
    }

    /**
     * Checks a RegistrationResponseJSON: client data of type {@code webauthn.create} with the
     * expected challenge and an allowed origin, authenticator data for the relying party with the
     * user present, an ES256 or RS256 key, and an attestation statement of format {@code none} or
     * {@code packed} (self attestation, or a certificate that signed it).
     */
    NewCredential register(String registrationResponseJson, Expectation expected) throws Refused;

    /**
     * Checks an AuthenticationResponseJSON by one of {@code allowed}: client data of type
     * {@code webauthn.get} with the expected challenge and an allowed origin, authenticator data
     * for the relying party with the user present, and a signature by the credential's key. The
     * signature count is reported, not judged: that rule is the caller's.
     */
    VerifiedAssertion authenticate(String authenticationResponseJson, Expectation expected,
                                   List<PasskeyCredential> allowed) throws Refused;

    /** Why a response was refused. */
    enum Reason {
        /** Not a response at all: unreadable JSON, CBOR or binary fields. */
        MALFORMED,
        CHALLENGE,
        ORIGIN,
        RELYING_PARTY,
        /** A key algorithm or attestation format that is not accepted. */
        UNSUPPORTED,
        /** Signed by no credential of the allowed ones. */
        UNKNOWN_CREDENTIAL,
        USER_NOT_PRESENT,
        /** Any other check: a signature, a flag, the client data's type. */
        INVALID
    }

    final class Refused extends RuntimeException {
        private final Reason reason;

        public Refused(Reason reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }
}
