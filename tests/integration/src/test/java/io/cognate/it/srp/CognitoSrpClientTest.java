package io.cognate.it.srp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.bench.srp.CognitoSrpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks {@link CognitoSrpClient} against values the official {@code amazon-cognito-identity-js}
 * computed (see {@code srp/make-vectors.js}), and against a textbook SRP-6a server written here.
 */
class CognitoSrpClientTest {
    private static final String VECTORS = "/srp/cognito-identity-js-vectors.json";
    private static final JsonNode ALL = readVectors();
    private static final BigInteger N = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
                    + "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9"
                    + "A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8"
                    + "A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED52907"
                    + "7096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2"
                    + "EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A"
                    + "8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85"
                    + "A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D8760273"
                    + "3EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFC"
                    + "E0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
            16);
    private static final BigInteger G = BigInteger.TWO;

    static Stream<Arguments> userVectors() {
        return named(ALL.get("user"));
    }

    static Stream<Arguments> deviceVectors() {
        return named(ALL.get("device"));
    }

    static Stream<Arguments> timestampVectors() {
        return StreamSupport.stream(ALL.get("timestamps").spliterator(), false)
                .map(t -> Arguments.of(t.get("instant").asText(), t.get("text").asText()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userVectors")
    void userSrpMatchesTheJavaScriptLibrary(String name, JsonNode vector) {
        CognitoSrpClient client = new CognitoSrpClient(text(vector, "userPoolId"), hex(vector, "smallA"));
        JsonNode expected = vector.get("expected");

        assertThat(client.srpA()).isEqualTo(text(expected, "srpA"));
        assertThat(client.scrambler(hex(vector, "srpB")).toString(16)).isEqualTo(text(expected, "u"));
        assertThat(HexFormat.of().formatHex(client.passwordAuthenticationKey(
                        text(vector, "userIdForSrp"), text(vector, "password"),
                        text(vector, "saltHex"), text(vector, "srpB"))))
                .isEqualTo(text(expected, "passwordAuthenticationKey"));
        assertThat(client.signature(
                        text(vector, "userIdForSrp"), text(vector, "password"), text(vector, "saltHex"),
                        text(vector, "srpB"), text(vector, "secretBlock"), text(vector, "timestamp")))
                .isEqualTo(text(expected, "signature"));
    }

    /** The vectors' B were made as a server would (B = k*v + g^b), so a server using v and b agrees. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("userVectors")
    void userVectorsAreARealExchange(String name, JsonNode vector) {
        String poolName = text(vector, "userPoolId").split("_", 2)[1];
        String verifier = CognitoSrpClient.verifierHex(
                poolName, text(vector, "userIdForSrp"), text(vector, "password"), text(vector, "saltHex"));
        assertThat(verifier).isEqualTo(text(vector, "verifierHex"));

        BigInteger publicA = hex(vector.get("expected"), "srpA");
        BigInteger u = hex(vector.get("expected"), "u");
        byte[] serverKey = serverKey(publicA, new BigInteger(verifier, 16), hex(vector, "smallB"), u);
        assertThat(HexFormat.of().formatHex(serverKey)).isEqualTo(text(vector.get("expected"), "passwordAuthenticationKey"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deviceVectors")
    void deviceSrpMatchesTheJavaScriptLibrary(String name, JsonNode vector) {
        JsonNode drawn = vector.get("randomBytes");
        SecureRandom replay = new ReplayedRandom(List.of(
                HexFormat.of().parseHex(text(drawn, "password")), HexFormat.of().parseHex(text(drawn, "salt"))));

        CognitoSrpClient.DeviceSecret secret = CognitoSrpClient.newDeviceVerifier(
                text(vector, "deviceGroupKey"), text(vector, "deviceKey"), replay);
        assertThat(secret).isEqualTo(new CognitoSrpClient.DeviceSecret(
                text(vector, "saltHex"), text(vector, "verifierHex"), text(vector, "devicePassword")));

        CognitoSrpClient client = new CognitoSrpClient(text(vector, "userPoolId"), hex(vector, "smallA"));
        assertThat(client.srpA()).isEqualTo(text(vector.get("expected"), "srpA"));
        assertThat(client.deviceSignature(
                        text(vector, "deviceGroupKey"), text(vector, "deviceKey"), secret.password(),
                        secret.saltHex(), text(vector, "srpB"), text(vector, "secretBlock"), text(vector, "timestamp")))
                .isEqualTo(text(vector.get("expected"), "signature"));
    }

    /** Guards against regenerated vectors silently losing the encoding cases they exist for. */
    @Test
    void vectorsCoverTheEncodingEdgeCases() {
        List<JsonNode> users = StreamSupport.stream(ALL.get("user").spliterator(), false).toList();
        assertThat(users).hasSizeGreaterThanOrEqualTo(3);
        assertThat(users).anySatisfy(v -> assertThat(text(v.get("expected"), "srpA")).hasSize(768).matches("^[89a-f].*"));
        assertThat(users).anySatisfy(v -> assertThat(text(v, "srpB")).hasSize(768).matches("^[89a-f].*"));
        assertThat(users).anySatisfy(v -> assertThat(text(v, "srpB").length() % 2).isOne());
        assertThat(users).anySatisfy(v -> assertThat(text(v, "saltHex")).startsWith("00"));
        assertThat(users).anySatisfy(v -> assertThat(text(v, "saltHex")).matches("^[89a-f].*"));
        assertThat(users).anySatisfy(v -> assertThat(text(v.get("expected"), "u")).hasSize(64).matches("^[89a-f].*"));
        assertThat(users).anySatisfy(v -> assertThat(text(v, "password")).matches("(?s).*[^\\x00-\\x7f].*"));
        assertThat(ALL.get("device")).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timestampVectors")
    void timestampMatchesTheJavaScriptLibrary(String instant, String text) {
        assertThat(CognitoSrpClient.timestamp(Instant.parse(instant))).isEqualTo(text);
    }

    @Test
    void timestampDoesNotPadTheDayOfMonth() {
        assertThat(CognitoSrpClient.timestamp(Instant.parse("2026-12-01T21:42:03.750Z")))
                .isEqualTo("Tue Dec 1 21:42:03 UTC 2026");
        assertThat(CognitoSrpClient.timestamp(Instant.parse("2025-09-07T05:06:07Z")))
                .isEqualTo("Sun Sep 7 05:06:07 UTC 2025");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "00", "N", "2N", "upper-N"})
    void refusesBThatIsZeroModN(String kind) {
        String srpB = switch (kind) {
            case "N" -> N.toString(16);
            case "2N" -> N.shiftLeft(1).toString(16);
            case "upper-N" -> N.toString(16).toUpperCase();
            default -> kind;
        };
        CognitoSrpClient client = new CognitoSrpClient("us-east-1_TestPool", new SecureRandom());

        assertThatThrownBy(() -> client.signature("alice", "pw", "0493a86f", srpB, "AAAA", "Tue Dec 1 21:42:03 UTC 2026"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.deviceSignature("grp", "dev", "pw", "0493a86f", srpB, "AAAA", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void srpAIsLowerCaseHexOfAFreshValueBelowN() {
        SecureRandom random = new SecureRandom();
        String first = new CognitoSrpClient("us-east-1_TestPool", random).srpA();
        String second = new CognitoSrpClient("us-east-1_TestPool", random).srpA();

        assertThat(first).matches("[0-9a-f]+").doesNotStartWith("0").isNotEqualTo(second);
        assertThat(new BigInteger(first, 16)).isPositive().isLessThan(N);
    }

    /** With a random a, the client still reaches the key a textbook SRP-6a server derives. */
    @Test
    void randomClientAgreesWithATextbookServer() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        String poolId = "us-east-1_TestPool";
        String salt = HexFormat.of().formatHex(randomBytes(random, 16));
        String verifierHex = CognitoSrpClient.verifierHex("TestPool", "user-1", "Secret-1", salt);
        BigInteger v = new BigInteger(verifierHex, 16);
        BigInteger b = new BigInteger(1, randomBytes(random, 32));
        BigInteger publicB = k().multiply(v).add(G.modPow(b, N)).mod(N);
        byte[] secretBlock = randomBytes(random, 64);
        String timestamp = CognitoSrpClient.timestamp(Instant.now());

        CognitoSrpClient client = new CognitoSrpClient(poolId, random);
        BigInteger publicA = new BigInteger(client.srpA(), 16);
        BigInteger u = client.scrambler(publicB);
        byte[] key = serverKey(publicA, v, b, u);
        byte[] message = concat(
                "TestPool".getBytes(StandardCharsets.UTF_8), "user-1".getBytes(StandardCharsets.UTF_8),
                secretBlock, timestamp.getBytes(StandardCharsets.UTF_8));
        String expected = Base64.getEncoder().encodeToString(hmac(key, message));

        assertThat(client.signature("user-1", "Secret-1", salt, publicB.toString(16),
                        Base64.getEncoder().encodeToString(secretBlock), timestamp))
                .isEqualTo(expected);
        assertThat(client.signature("user-1", "Secret-2", salt, publicB.toString(16),
                        Base64.getEncoder().encodeToString(secretBlock), timestamp))
                .isNotEqualTo(expected);
    }

    @Test
    void padHexMakesEvenLengthNonNegativeHex() {
        assertThat(CognitoSrpClient.padHex(BigInteger.ZERO)).isEqualTo("00");
        assertThat(CognitoSrpClient.padHex(BigInteger.valueOf(0x7f))).isEqualTo("7f");
        assertThat(CognitoSrpClient.padHex(BigInteger.valueOf(0x80))).isEqualTo("0080");
        assertThat(CognitoSrpClient.padHex(BigInteger.valueOf(0xabc))).isEqualTo("0abc");
        assertThat(CognitoSrpClient.padHex(BigInteger.valueOf(0x8abc))).isEqualTo("008abc");
        assertThat(CognitoSrpClient.padHex(N)).startsWith("00ff").hasSize(770);
    }

    @Test
    void refusesAPoolIdWithoutPoolName() {
        assertThatThrownBy(() -> new CognitoSrpClient("TestPool", new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- a textbook SRP-6a server side, kept apart from the client's code ----

    private static BigInteger k() {
        return new BigInteger(1, sha256(HexFormat.of().parseHex(CognitoSrpClient.padHex(N) + "02")));
    }

    /** S = (A * v^u)^b mod N, then Cognito's HKDF of S salted with u. */
    private static byte[] serverKey(BigInteger publicA, BigInteger verifier, BigInteger b, BigInteger u) {
        BigInteger premaster = publicA.multiply(verifier.modPow(u, N)).mod(N).modPow(b, N);
        try {
            byte[] prk = hmac(HexFormat.of().parseHex(CognitoSrpClient.padHex(u)),
                    HexFormat.of().parseHex(CognitoSrpClient.padHex(premaster)));
            byte[] okm = hmac(prk, "Caldera Derived Key\u0001".getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(okm, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(SecureRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    // ---- vector plumbing ----

    /** Hands out recorded random draws in order, to replay what the JS library was given. */
    private static final class ReplayedRandom extends SecureRandom {
        private final Deque<byte[]> draws;

        ReplayedRandom(List<byte[]> draws) {
            this.draws = new ArrayDeque<>(draws);
        }

        @Override
        public void nextBytes(byte[] bytes) {
            byte[] next = draws.removeFirst();
            assertThat(next).hasSameSizeAs(bytes);
            System.arraycopy(next, 0, bytes, 0, bytes.length);
        }
    }

    private static Stream<Arguments> named(JsonNode vectors) {
        return StreamSupport.stream(vectors.spliterator(), false).map(v -> Arguments.of(text(v, "name"), v));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        assertThat(value).as(field).isNotNull();
        return value.asText();
    }

    private static BigInteger hex(JsonNode node, String field) {
        return new BigInteger(text(node, field), 16);
    }

    private static JsonNode readVectors() {
        try (InputStream in = CognitoSrpClientTest.class.getResourceAsStream(VECTORS)) {
            if (in == null) {
                throw new IllegalStateException("missing " + VECTORS);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
