package io.cognate.webauthn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A passkey authenticator in software, written from the WebAuthn Level 3 specification and
 * sharing no code with the server: it makes a key pair (EC P-256 for ES256, or RSA-2048 for
 * RS256) and answers creation and request options with the browser's RegistrationResponseJSON
 * and AuthenticationResponseJSON: client data JSON, authenticator data (flags, signature count,
 * attested credential data with the COSE_Key), a {@code none} or {@code packed} self
 * attestation object in CBOR, and assertion signatures.
 *
 * <p>Every field an attacker controls can be set ({@link Ceremony}): origin, relying party id,
 * challenge, client data type, flags, signature count, user handle, a broken signature. A {@link
 * #copy()} holds the same key and credential id and counts on its own: a cloned authenticator.
 */
public final class SoftwareAuthenticator {
    public enum Algorithm {
        ES256(-7), RS256(-257), ES384(-35);

        final long cose;

        Algorithm(long cose) {
            this.cose = cose;
        }
    }

    public enum AttestationFormat { NONE, PACKED_SELF }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int FLAG_UP = 0x01;
    private static final int FLAG_UV = 0x04;
    private static final int FLAG_AT = 0x40;

    private final Algorithm algorithm;
    private final KeyPair keys;
    private final byte[] credentialId;
    private final String origin;
    private long signCount;
    private final long step;
    private byte[] userHandle = new byte[0];

    private SoftwareAuthenticator(Algorithm algorithm, KeyPair keys, byte[] credentialId, String origin, long signCount,
                                  long step) {
        this.algorithm = algorithm;
        this.keys = keys;
        this.credentialId = credentialId;
        this.origin = origin;
        this.signCount = signCount;
        this.step = step;
    }

    /** An authenticator whose page is at {@code origin}, counting up by one from 0 at each use. */
    public static SoftwareAuthenticator create(Algorithm algorithm, String origin) {
        return create(algorithm, origin, 1);
    }

    /** One counting up by {@code step} each use; 0 makes one that keeps no count (reports 0 always). */
    public static SoftwareAuthenticator create(Algorithm algorithm, String origin, long step) {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return new SoftwareAuthenticator(algorithm, keyPair(algorithm), id, origin, 0, step);
    }

    /** The same key and credential id, with its own count from where this one is now: a clone. */
    public SoftwareAuthenticator copy() {
        var clone = new SoftwareAuthenticator(algorithm, keys, credentialId, origin, signCount, step);
        clone.userHandle = userHandle;
        return clone;
    }

    public String credentialId() {
        return BASE64URL.encodeToString(credentialId);
    }

    public long signCount() {
        return signCount;
    }

    /** What one ceremony says; {@link #honest} is what a real browser and authenticator would. */
    public record Ceremony(String type, String origin, String rpId, Optional<byte[]> challenge, boolean userPresent,
                           boolean userVerified, Optional<Long> signCount, Optional<byte[]> userHandle,
                           boolean brokenSignature, AttestationFormat format) {
        public Ceremony withOrigin(String value) {
            return new Ceremony(type, value, rpId, challenge, userPresent, userVerified, signCount, userHandle, brokenSignature, format);
        }

        public Ceremony withRpId(String value) {
            return new Ceremony(type, origin, value, challenge, userPresent, userVerified, signCount, userHandle, brokenSignature, format);
        }

        public Ceremony withChallenge(byte[] value) {
            return new Ceremony(type, origin, rpId, Optional.of(value), userPresent, userVerified, signCount, userHandle, brokenSignature, format);
        }

        public Ceremony withType(String value) {
            return new Ceremony(value, origin, rpId, challenge, userPresent, userVerified, signCount, userHandle, brokenSignature, format);
        }

        public Ceremony withoutUserPresence() {
            return new Ceremony(type, origin, rpId, challenge, false, false, signCount, userHandle, brokenSignature, format);
        }

        public Ceremony withSignCount(long value) {
            return new Ceremony(type, origin, rpId, challenge, userPresent, userVerified, Optional.of(value), userHandle, brokenSignature, format);
        }

        public Ceremony withUserHandle(byte[] value) {
            return new Ceremony(type, origin, rpId, challenge, userPresent, userVerified, signCount, Optional.of(value), brokenSignature, format);
        }

        public Ceremony withBrokenSignature() {
            return new Ceremony(type, origin, rpId, challenge, userPresent, userVerified, signCount, userHandle, true, format);
        }

        public Ceremony withFormat(AttestationFormat value) {
            return new Ceremony(type, origin, rpId, challenge, userPresent, userVerified, signCount, userHandle, brokenSignature, value);
        }
    }

    /** The honest registration ceremony for {@code creationOptionsJson}. */
    public Ceremony honestRegistration(String creationOptionsJson) {
        JsonNode options = read(creationOptionsJson);
        return new Ceremony("webauthn.create", origin, options.path("rp").path("id").asText(), Optional.empty(), true, true,
                Optional.empty(), Optional.empty(), false, AttestationFormat.NONE);
    }

    /** The honest sign-in ceremony for {@code requestOptionsJson}. */
    public Ceremony honestAssertion(String requestOptionsJson) {
        JsonNode options = read(requestOptionsJson);
        return new Ceremony("webauthn.get", origin, options.path("rpId").asText(), Optional.empty(), true, true,
                Optional.empty(), Optional.empty(), false, AttestationFormat.NONE);
    }

    /** RegistrationResponseJSON answering {@code creationOptionsJson} honestly, with a {@code format} attestation. */
    public String register(String creationOptionsJson, AttestationFormat format) {
        return register(creationOptionsJson, honestRegistration(creationOptionsJson).withFormat(format));
    }

    public String register(String creationOptionsJson, Ceremony ceremony) {
        JsonNode options = read(creationOptionsJson);
        userHandle = Base64.getUrlDecoder().decode(options.path("user").path("id").asText());
        byte[] challenge = ceremony.challenge().orElseGet(() -> Base64.getUrlDecoder().decode(options.path("challenge").asText()));
        byte[] clientData = clientData(ceremony.type(), challenge, ceremony.origin());
        long count = ceremony.signCount().orElseGet(this::nextCount);
        byte[] authenticatorData = authenticatorData(ceremony, count, true);
        var statement = new LinkedHashMap<String, Object>();
        if (ceremony.format() == AttestationFormat.PACKED_SELF) {
            // Self attestation (WebAuthn 8.2): the credential's own key signs authData || hash(clientData).
            statement.put("alg", algorithm.cose);
            statement.put("sig", sign(concat(authenticatorData, sha256(clientData)), ceremony.brokenSignature()));
        }
        var attestation = new LinkedHashMap<String, Object>();
        attestation.put("fmt", ceremony.format() == AttestationFormat.NONE ? "none" : "packed");
        attestation.put("attStmt", statement);
        attestation.put("authData", authenticatorData);

        ObjectNode response = JSON.createObjectNode();
        response.put("clientDataJSON", BASE64URL.encodeToString(clientData));
        response.put("attestationObject", BASE64URL.encodeToString(Cbor.encode(attestation)));
        response.putArray("transports").add("hybrid").add("internal");
        return credential(response);
    }

    /** AuthenticationResponseJSON answering {@code requestOptionsJson} honestly. */
    public String assertion(String requestOptionsJson) {
        return assertion(requestOptionsJson, honestAssertion(requestOptionsJson));
    }

    public String assertion(String requestOptionsJson, Ceremony ceremony) {
        JsonNode options = read(requestOptionsJson);
        byte[] challenge = ceremony.challenge().orElseGet(() -> Base64.getUrlDecoder().decode(options.path("challenge").asText()));
        byte[] clientData = clientData(ceremony.type(), challenge, ceremony.origin());
        long count = ceremony.signCount().orElseGet(this::nextCount);
        byte[] authenticatorData = authenticatorData(ceremony, count, false);
        ObjectNode response = JSON.createObjectNode();
        response.put("clientDataJSON", BASE64URL.encodeToString(clientData));
        response.put("authenticatorData", BASE64URL.encodeToString(authenticatorData));
        response.put("signature", BASE64URL.encodeToString(sign(concat(authenticatorData, sha256(clientData)),
                ceremony.brokenSignature())));
        response.put("userHandle", BASE64URL.encodeToString(ceremony.userHandle().orElse(userHandle)));
        return credential(response);
    }

    private long nextCount() {
        signCount += step;
        return signCount;
    }

    private String credential(ObjectNode response) {
        ObjectNode credential = JSON.createObjectNode();
        credential.put("id", credentialId());
        credential.put("rawId", credentialId());
        credential.put("type", "public-key");
        credential.set("response", response);
        credential.put("authenticatorAttachment", "platform");
        credential.putObject("clientExtensionResults");
        return credential.toString();
    }

    private static byte[] clientData(String type, byte[] challenge, String origin) {
        ObjectNode data = JSON.createObjectNode();
        data.put("type", type);
        data.put("challenge", BASE64URL.encodeToString(challenge));
        data.put("origin", origin);
        data.put("crossOrigin", false);
        return data.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** WebAuthn 6.1: rpIdHash, flags, signCount (big-endian), and at registration the attested credential data. */
    private byte[] authenticatorData(Ceremony ceremony, long count, boolean attested) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(sha256(ceremony.rpId().getBytes(StandardCharsets.UTF_8)));
        int flags = (ceremony.userPresent() ? FLAG_UP : 0) | (ceremony.userVerified() ? FLAG_UV : 0) | (attested ? FLAG_AT : 0);
        out.write(flags);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) count).array());
        if (attested) {
            out.writeBytes(new byte[16]); // AAGUID: zero, as for "none" attestation
            out.writeBytes(ByteBuffer.allocate(2).putShort((short) credentialId.length).array());
            out.writeBytes(credentialId);
            out.writeBytes(Cbor.encode(coseKey()));
        }
        return out.toByteArray();
    }

    /** The public key as a COSE_Key (RFC 9053): EC2 with x and y, or RSA with n and e. */
    private Map<Object, Object> coseKey() {
        var key = new LinkedHashMap<Object, Object>();
        if (keys.getPublic() instanceof ECPublicKey ec) {
            int size = algorithm == Algorithm.ES384 ? 48 : 32;
            key.put(1, 2);                                  // kty: EC2
            key.put(3, algorithm.cose);                     // alg
            key.put(-1, algorithm == Algorithm.ES384 ? 2 : 1); // crv: P-256 or P-384
            key.put(-2, unsigned(ec.getW().getAffineX(), size));
            key.put(-3, unsigned(ec.getW().getAffineY(), size));
        } else {
            RSAPublicKey rsa = (RSAPublicKey) keys.getPublic();
            key.put(1, 3);                                  // kty: RSA
            key.put(3, algorithm.cose);
            key.put(-1, unsigned(rsa.getModulus(), 0));
            key.put(-2, unsigned(rsa.getPublicExponent(), 0));
        }
        return key;
    }

    private byte[] sign(byte[] data, boolean broken) {
        try {
            Signature signer = Signature.getInstance(switch (algorithm) {
                case ES256 -> "SHA256withECDSA";
                case ES384 -> "SHA384withECDSA";
                case RS256 -> "SHA256withRSA";
            });
            signer.initSign(keys.getPrivate());
            signer.update(data);
            byte[] signature = signer.sign();
            if (broken) {
                signature[signature.length - 1] ^= 0x01;
            }
            return signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair(Algorithm algorithm) {
        try {
            if (algorithm == Algorithm.RS256) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(algorithm == Algorithm.ES384 ? "secp384r1" : "secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Big-endian without sign byte; left-padded to {@code size} bytes when size is not 0. */
    private static byte[] unsigned(BigInteger value, int size) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (size == 0 || bytes.length == size) {
            return bytes;
        }
        byte[] padded = new byte[size];
        System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
        return padded;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("options are not JSON", e);
        }
    }
}
