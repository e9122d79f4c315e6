package io.cognate.domain.srp;

import io.cognate.domain.CognitoException;
import io.cognate.domain.PasswordSignIn;
import io.cognate.ports.SecretEnvelopes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;

/**
 * The server's half of one SRP exchange, for a user's password (PASSWORD_VERIFIER) and for a
 * remembered device (DEVICE_PASSWORD_VERIFIER), sealed into the {@code SECRET_BLOCK} so that any
 * region can check the claim: whose it is (account, sub and version, app client), when it
 * expires, and the numbers A, b and v. {@code realm} and {@code userId} are what the claim's HMAC
 * names: the pool name and the SRP user id for a password, the device group key and the device
 * key for a device.
 */
public record SrpExchange(String account, String sub, long userVersion, String clientId, String realm,
                          String userId, Instant expiresAt, BigInteger clientPublic, BigInteger secret,
                          BigInteger verifier) {
    /** The server's secret exponent: 256 bits, RFC 5054's minimum for b. */
    public static final int SECRET_BITS = 256;
    private static final int BLOCK_FORMAT = 1;

    /** A fresh, non-zero b. */
    public static BigInteger newSecret(SecureRandom random) {
        BigInteger secret;
        do {
            secret = new BigInteger(SECRET_BITS, random);
        } while (secret.signum() == 0);
        return secret;
    }

    /** B = k·v + g^b. */
    public BigInteger serverPublic() {
        return SrpGroup.serverPublic(secret, verifier);
    }

    /** HMAC(K, realm ‖ userId ‖ secret block ‖ timestamp), K from S = (A·v^u)^b. */
    public byte[] expectedSignature(byte[] blockBytes, String timestamp) {
        BigInteger scrambler = SrpGroup.scrambler(clientPublic, serverPublic());
        BigInteger shared = SrpGroup.serverSharedSecret(clientPublic, verifier, scrambler, secret);
        byte[] key = SrpGroup.sessionKey(shared, scrambler);
        return SrpGroup.hmac(key, realm.getBytes(StandardCharsets.UTF_8), userId.getBytes(StandardCharsets.UTF_8),
                blockBytes, timestamp.getBytes(StandardCharsets.UTF_8));
    }

    /** The SECRET_BLOCK: this exchange sealed with {@code context} (which names its purpose). */
    public String seal(SecretEnvelopes envelopes, Map<String, String> context) {
        var bytes = new ByteArrayOutputStream(1024);
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(BLOCK_FORMAT);
            out.writeUTF(account);
            out.writeUTF(sub);
            out.writeLong(userVersion);
            out.writeUTF(clientId);
            out.writeUTF(realm);
            out.writeUTF(userId);
            out.writeLong(expiresAt.getEpochSecond());
            writeNumber(out, clientPublic);
            writeNumber(out, secret);
            writeNumber(out, verifier);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory", e);
        }
        return PasswordClaims.secretBlock(envelopes.seal(bytes.toByteArray(), context));
    }

    /** The exchange a block's bytes hold; one not sealed with {@code context} is an incorrect claim. */
    public static SrpExchange open(SecretEnvelopes envelopes, byte[] blockBytes, Map<String, String> context) {
        try {
            byte[] plain = envelopes.open(PasswordClaims.sealed(blockBytes), context);
            try (var in = new DataInputStream(new ByteArrayInputStream(plain))) {
                if (in.readByte() != BLOCK_FORMAT) {
                    throw new IOException("unknown block format");
                }
                return new SrpExchange(in.readUTF(), in.readUTF(), in.readLong(), in.readUTF(), in.readUTF(),
                        in.readUTF(), Instant.ofEpochSecond(in.readLong()), readNumber(in), readNumber(in),
                        readNumber(in));
            }
        } catch (SecretEnvelopes.CannotOpen | IOException | IllegalArgumentException e) {
            throw CognitoException.notAuthorized(PasswordSignIn.INCORRECT_CREDENTIALS);
        }
    }

    private static void writeNumber(DataOutputStream out, BigInteger number) throws IOException {
        byte[] bytes = number.toByteArray();
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static BigInteger readNumber(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readUnsignedShort()];
        in.readFully(bytes);
        return new BigInteger(bytes);
    }

    @Override
    public String toString() {
        return "SrpExchange[redacted]";
    }
}
