package io.cognate.adapters.webauthn;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.attestation.statement.none.NoneAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.packed.PackedAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.NullCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.self.DefaultSelfAttestationTrustworthinessVerifier;
import com.webauthn4j.verifier.exception.BadAlgorithmException;
import com.webauthn4j.verifier.exception.BadAttestationStatementException;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.MissingChallengeException;
import com.webauthn4j.verifier.exception.NotAllowedAlgorithmException;
import com.webauthn4j.verifier.exception.NotAllowedCredentialIdException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.VerificationException;
import io.cognate.domain.passkeys.PasskeyCredential;
import io.cognate.ports.WebAuthnVerifier;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * {@link WebAuthnVerifier} on webauthn4j: attestation formats {@code none} and {@code packed},
 * keys ES256 and RS256, user presence required and user verification not (the options ask for
 * it as "preferred", as Cognito's do).
 *
 * <p>A packed statement with a certificate is checked (its signature, the certificate's fields)
 * but its chain is not traced to a root: the creation options ask for no attestation, and
 * nothing here is decided on the authenticator's make, so there is no list of trusted roots to
 * trace it to. Self attestation is accepted. Other formats (TPM, Android, Apple, FIDO U2F)
 * arrive only when a browser was asked for attestation, and are refused as not supported.
 *
 * <p>The stored public key is the COSE_Key exactly as the authenticator sent it inside its
 * attested credential data; it is read back through the same converter.
 */
public final class WebAuthn4jVerifier implements WebAuthnVerifier {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
    /** An AAGUID is 16 bytes and the credential id's length 2, before the id and the COSE_Key (WebAuthn 6.5.2). */
    private static final int AAGUID_AND_LENGTH = 18;
    private static final List<PublicKeyCredentialParameters> ACCEPTED_KEYS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private final ObjectConverter converter;
    private final AttestedCredentialDataConverter attestedData;
    private final WebAuthnManager manager;

    public WebAuthn4jVerifier() {
        this.converter = new ObjectConverter();
        this.attestedData = new AttestedCredentialDataConverter(converter);
        this.manager = new WebAuthnManager(
                List.of(new NoneAttestationStatementVerifier(), new PackedAttestationStatementVerifier()),
                new NullCertPathTrustworthinessVerifier(),
                new DefaultSelfAttestationTrustworthinessVerifier(),
                converter);
    }

    @Override
    public NewCredential register(String registrationResponseJson, Expectation expected) {
        RegistrationData data;
        try {
            data = manager.parseRegistrationResponseJSON(registrationResponseJson);
        } catch (RuntimeException unreadable) {
            throw new Refused(Reason.MALFORMED);
        }
        if (data.getAttestationObject() == null || data.getCollectedClientData() == null
                || data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData() == null) {
            throw new Refused(Reason.MALFORMED);
        }
        try {
            manager.verify(data, new RegistrationParameters(serverProperty(expected), ACCEPTED_KEYS, false, true));
        } catch (VerificationException refused) {
            throw new Refused(reason(refused));
        } catch (RuntimeException unreadable) {
            throw new Refused(Reason.MALFORMED);
        }
        AttestationObject attestation = data.getAttestationObject();
        AttestedCredentialData credential = attestation.getAuthenticatorData().getAttestedCredentialData();
        byte[] attested = attestedData.convert(credential);
        byte[] coseKey = Arrays.copyOfRange(attested, AAGUID_AND_LENGTH + credential.getCredentialId().length, attested.length);
        List<String> transports = data.getTransports() == null ? List.of()
                : data.getTransports().stream().map(AuthenticatorTransport::getValue).sorted().toList();
        return new NewCredential(BASE64URL.encodeToString(credential.getCredentialId()), BASE64URL.encodeToString(coseKey),
                attestation.getAuthenticatorData().getSignCount(), attestation.getFormat(), transports,
                authenticatorAttachment(registrationResponseJson));
    }

    @Override
    public VerifiedAssertion authenticate(String authenticationResponseJson, Expectation expected,
                                          List<PasskeyCredential> allowed) {
        AuthenticationData data;
        try {
            data = manager.parseAuthenticationResponseJSON(authenticationResponseJson);
        } catch (RuntimeException unreadable) {
            throw new Refused(Reason.MALFORMED);
        }
        if (data.getCredentialId() == null || data.getAuthenticatorData() == null || data.getCollectedClientData() == null
                || data.getSignature() == null) {
            throw new Refused(Reason.MALFORMED);
        }
        String credentialId = BASE64URL.encodeToString(data.getCredentialId());
        PasskeyCredential stored = allowed.stream().filter(c -> c.credentialId().equals(credentialId)).findFirst()
                .orElseThrow(() -> new Refused(Reason.UNKNOWN_CREDENTIAL));
        List<byte[]> allowList = allowed.stream().map(c -> BASE64URL_DECODER.decode(c.credentialId())).toList();
        try {
            // The count is the caller's to judge (SignCounters): 0 here lets every count through.
            manager.verify(data, new AuthenticationParameters(serverProperty(expected), record(stored), allowList, false, true));
        } catch (VerificationException refused) {
            throw new Refused(reason(refused));
        } catch (RuntimeException unreadable) {
            throw new Refused(Reason.MALFORMED);
        }
        return new VerifiedAssertion(credentialId, data.getAuthenticatorData().getSignCount(),
                Optional.ofNullable(data.getUserHandle()).filter(handle -> handle.length > 0));
    }

    /** The stored credential as webauthn4j's record: its id and key, and count 0. */
    private CredentialRecord record(PasskeyCredential stored) {
        byte[] id = BASE64URL_DECODER.decode(stored.credentialId());
        byte[] coseKey = BASE64URL_DECODER.decode(stored.publicKey());
        ByteBuffer attested = ByteBuffer.allocate(AAGUID_AND_LENGTH + id.length + coseKey.length);
        attested.put(AAGUID.ZERO.getBytes()).putShort((short) id.length).put(id).put(coseKey);
        AttestedCredentialData credential = attestedData.convert(attested.array());
        return new CredentialRecordImpl(new NoneAttestationStatement(), null, null, null, 0, credential, null, null, null,
                null);
    }

    private static ServerProperty serverProperty(Expectation expected) {
        Set<Origin> origins = expected.origins().stream().map(Origin::create).collect(Collectors.toUnmodifiableSet());
        return new ServerProperty(origins, expected.relyingPartyId(), new DefaultChallenge(expected.challenge()));
    }

    /** The response's {@code authenticatorAttachment} ("platform" or "cross-platform"), which webauthn4j does not keep. */
    private Optional<String> authenticatorAttachment(String json) {
        try {
            JsonNode attachment = converter.getJsonMapper().readTree(json).path("authenticatorAttachment");
            return attachment.isString() && Set.of("platform", "cross-platform").contains(attachment.asString())
                    ? Optional.of(attachment.asString()) : Optional.empty();
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static Reason reason(VerificationException refused) {
        return switch (refused) {
            case BadChallengeException e -> Reason.CHALLENGE;
            case MissingChallengeException e -> Reason.CHALLENGE;
            case BadOriginException e -> Reason.ORIGIN;
            case BadRpIdException e -> Reason.RELYING_PARTY;
            case NotAllowedAlgorithmException e -> Reason.UNSUPPORTED;
            case BadAlgorithmException e -> Reason.UNSUPPORTED;
            case BadAttestationStatementException e -> Reason.UNSUPPORTED;
            case NotAllowedCredentialIdException e -> Reason.UNKNOWN_CREDENTIAL;
            case UserNotPresentException e -> Reason.USER_NOT_PRESENT;
            default -> Reason.INVALID;
        };
    }
}
