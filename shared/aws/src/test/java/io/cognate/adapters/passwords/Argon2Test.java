package io.cognate.adapters.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import com.password4j.Password;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The own Argon2 against three independent sources: RFC 9106's test vectors (§5, with secret and
 * associated data), the reference C implementation's {@code argon2} command (Debian's argon2
 * 0~20171227-0.3, outputs pasted below with the command that made each), and password4j on random
 * passwords, salts and parameters.
 */
class Argon2Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void blake2bMatchesRfc7693() {
        Blake2b blake2b = new Blake2b();
        byte[] out = new byte[64];
        blake2b.init(64);
        blake2b.update("abc".getBytes(StandardCharsets.US_ASCII));
        blake2b.digest(out, 0);
        // RFC 7693 Appendix A.
        assertThat(HEX.formatHex(out)).isEqualTo("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
        blake2b.init(64);
        blake2b.digest(out, 0);
        assertThat(HEX.formatHex(out)).isEqualTo("786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // Python's hashlib.blake2b(bytes(i % 256 for i in range(N))): across and on block boundaries.
        "129:f59711d44a031d5f97a9413c065d1e614c417ede998590325f49bad2fd444d3e4418be19aec4e11449ac1a57207898bc57d76a1bcf3566292c20c683a5c4648f",
        "256:1ecc896f34d3f9cac484c73f75f6a5fb58ee6784be41b35f46067b9c65c63a6794d3d744112c653f73dd7deb6666204c5a9bfa5b46081fc10fdbe7884fa5cbf8",
        "1028:16b88bf951409b6adef346e65ee09fbc5d13e919f578ef406353679ea1c0499bf5ce7415d1b52739b8dab3cfdb486b36d1fef02c188ecedcbe2feec6c535a33a",
    })
    void blake2bMatchesHashlibOnLongerInputsWhateverTheChunking(String vector) {
        int length = Integer.parseInt(vector.substring(0, vector.indexOf(':')));
        byte[] input = new byte[length];
        for (int i = 0; i < length; i++) {
            input[i] = (byte) i;
        }
        Blake2b blake2b = new Blake2b();
        byte[] whole = new byte[64];
        blake2b.init(64);
        blake2b.update(input);
        blake2b.digest(whole, 0);
        byte[] piecewise = new byte[64];
        blake2b.init(64);
        for (int at = 0; at < length; at += 7) {
            blake2b.update(input, at, Math.min(7, length - at));
        }
        blake2b.digest(piecewise, 0);
        assertThat(HEX.formatHex(whole)).isEqualTo(vector.substring(vector.indexOf(':') + 1));
        assertThat(piecewise).isEqualTo(whole);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "D:512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb",
        "I:c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8",
        "ID:0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659",
    })
    void matchesRfc9106TestVectors(String vector) {
        // RFC 9106 §5.1–5.3: m=32 KiB, t=3, p=4, version 0x13, 32-byte tag.
        String[] typeAndTag = vector.split(":");
        byte[] password = filled(32, 0x01);
        byte[] salt = filled(16, 0x02);
        byte[] secret = filled(8, 0x03);
        byte[] associatedData = filled(12, 0x04);
        byte[] tag = Argon2.hash(Argon2.Type.valueOf(typeAndTag[0]), Argon2.VERSION_13, 32, 3, 4, password, salt,
                secret, associatedData, 32);
        assertThat(HEX.formatHex(tag)).isEqualTo(typeAndTag[1]);
    }

    /** Made with {@code echo -n PASSWORD | argon2 SALT -TYPE -t T -k M -p P -l LENGTH [-v 10] -e}. */
    @ParameterizedTest
    @ValueSource(strings = {
        "password|$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
        "Correct-Horse-9|$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$eMepbCgKThmrA7+QjS/fmLHGWtdt0F9PbxIDRZ5hqrE",
        "password|$argon2i$v=19$m=64,t=3,p=2$c29tZXNhbHQ$YR3bcVzq8eu3cWnNKKv95Q",
        "password|$argon2d$v=19$m=100,t=1,p=3$c29tZXNhbHQ$ZzocjVpKyLa6M/eyIIe/FHGZPr3MRk+Pnr2J5b04HirYAH2fcoCMysdTpuPfTsf56gJnTIjh3LM/c/nyNWOzlQ",
        "password|$argon2id$v=19$m=256,t=2,p=4$c29tZXNhbHQ$LDytHrjnTm3D8i9nblapsOPrFrl83/lLLpP6YiDMD7qFjr3RlJaFIIJ5BfDMbEeojGAJyaDe3GStMadhASyVRE0h672ya0hakJvLLAClgEBpbbNeYNUYMLNmYKi53gZytKUiNQ",
        "password|$argon2id$v=16$m=64,t=2,p=1$c29tZXNhbHQ$4nDCgqqi/MYvPUrUq8ZfVUrFto43iXYW7ryycatUzoI",
        "pässwörd|$argon2id$v=19$m=8,t=1,p=1$ZGlmZiBzYWx0IDg$mRSlCg",
    })
    void matchesTheReferenceCommandsOutput(String passwordAndHash) {
        int bar = passwordAndHash.indexOf('|');
        byte[] password = passwordAndHash.substring(0, bar).getBytes(StandardCharsets.UTF_8);
        String stored = passwordAndHash.substring(bar + 1);
        Argon2PhcHash parsed = Argon2PhcHash.parse(stored).orElseThrow();
        assertThat(parsed.matches(password)).isTrue();
        byte[] wrong = password.clone();
        wrong[0] ^= 1;
        assertThat(parsed.matches(wrong)).isFalse();
        // The encoder writes the reference's format, byte for byte.
        assertThat(parsed.encode()).isEqualTo(stored);
    }

    @Property(tries = 60)
    void agreesWithPassword4j(@ForAll @StringLength(max = 40) String password,
            @ForAll("salts") byte[] salt,
            @ForAll("types") Argon2.Type type,
            @ForAll("versions") int version,
            @ForAll @IntRange(min = 1, max = 3) int parallelism,
            @ForAll @IntRange(min = 0, max = 120) int extraMemory,
            @ForAll @IntRange(min = 1, max = 3) int iterations,
            @ForAll @IntRange(min = 4, max = 80) int tagLength) {
        int memory = 8 * parallelism + extraMemory;
        com.password4j.types.Argon2 p4jType = switch (type) {
            case D -> com.password4j.types.Argon2.D;
            case I -> com.password4j.types.Argon2.I;
            case ID -> com.password4j.types.Argon2.ID;
        };
        String theirs = Password.hash(password).addSalt(salt)
                .with(Argon2Function.getInstance(memory, iterations, parallelism, tagLength, p4jType, version))
                .getResult();
        byte[] ours = Argon2.hash(type, version, memory, iterations, parallelism,
                password.getBytes(StandardCharsets.UTF_8), salt, new byte[0], new byte[0], tagLength);
        Argon2PhcHash parsed = Argon2PhcHash.parse(theirs).orElseThrow();
        assertThat(HEX.formatHex(ours)).isEqualTo(HEX.formatHex(parsed.hash()));
        assertThat(parsed.matches(password.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Provide
    Arbitrary<byte[]> salts() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(8).ofMaxSize(32);
    }

    @Provide
    Arbitrary<Argon2.Type> types() {
        return Arbitraries.of(Argon2.Type.class);
    }

    @Provide
    Arbitrary<Integer> versions() {
        return Arbitraries.of(Argon2.VERSION_10, Argon2.VERSION_13);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL0", // tag of 2 bytes: below RFC 9106's 4
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E", // salt of 4 bytes
        "$argon2id$v=19$m=19456,t=2,p=1$$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$",
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ=$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E", // padding
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZX*hbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
        "$argon2id$v=20$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
        "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E", // 4 GiB
        "$argon2id$v=19$m=19456,t=65,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
        "$argon2id$v=19$m=19456,t=0,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
        "$argon2id$v=19$m=19456,t=2,p=0$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
        "$argon2id$v=19$m=15,t=2,p=2$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E", // m < 8p
        "$argon2id$v=19$m=019456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
        "$argon2id$v=19$m=-1,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
        "$argon2id$v=19$t=2,m=19456,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
        "$argon2id$v=19$m=19456,t=2,p=1,keyid=x$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
        "$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
        "$argon2x$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E$",
        "$argon2id$",
        "$argon2id",
    })
    void refusesMalformedOrOutOfBoundsStringsWithoutThrowing(String stored) {
        assertThat(Argon2PhcHash.parse(stored)).isEmpty();
        assertThat(new Argon2idPasswordHasher(new java.security.SecureRandom()).matches("password", stored)).isFalse();
        assertThat(LegacyPasswordHashes.matches("password", stored)).isFalse();
        assertThat(LegacyPasswordHashes.format(stored)).isEmpty();
    }

    @Test
    void aCheckAllocatesAlmostNothingOnceItsWorkAreaExists() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Argon2PhcHash stored = Argon2PhcHash.parse(
                "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E").orElseThrow();
        byte[] password = "password".getBytes(StandardCharsets.UTF_8);
        assertThat(stored.matches(password)).isTrue();
        long me = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(me);
        assertThat(stored.matches(password)).isTrue();
        long allocated = threads.getThreadAllocatedBytes(me) - before;
        // The memory cost is 19 MiB; password4j allocated 97 MiB per check. Allowance: a little
        // garbage from the comparison and the assertion, far below one block array.
        assertThat(allocated).isLessThan(256 * 1024);
    }

    @Test
    void concurrentChecksEachGetTheirOwnBlocksAndThePoolStaysBounded() throws Exception {
        String stored = "$argon2id$v=19$m=256,t=2,p=4$c29tZXNhbHQ$LDytHrjnTm3D8i9nblapsOPrFrl83/lLLpP6YiDMD7qFjr3RlJaFIIJ5BfDMbEeojGAJyaDe3GStMadhASyVRE0h672ya0hakJvLLAClgEBpbbNeYNUYMLNmYKi53gZytKUiNQ";
        Argon2PhcHash parsed = Argon2PhcHash.parse(stored).orElseThrow();
        byte[] right = "password".getBytes(StandardCharsets.UTF_8);
        byte[] wrong = "passworD".getBytes(StandardCharsets.UTF_8);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] candidate = i % 2 == 0 ? right : wrong;
                results.add(pool.submit(() -> parsed.matches(candidate)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).as("check %d", i).isEqualTo(i % 2 == 0);
            }
        }
        assertThat(Argon2.WorkAreas.idle()).isBetween(1, Argon2.WorkAreas.KEPT);
    }

    @Test
    void aLargerImportedHashIsCheckedButItsBlocksAreNotKept() {
        byte[] password = "password".getBytes(StandardCharsets.UTF_8);
        byte[] salt = "somesalt".getBytes(StandardCharsets.UTF_8);
        Argon2.WorkArea area = Argon2.WorkAreas.take(Argon2.WorkAreas.KEPT_MAX_KIB + 1024, 1);
        assertThat(area.blockCount()).isEqualTo(Argon2.memoryBlocks(Argon2.WorkAreas.KEPT_MAX_KIB + 1024, 1));
        Argon2.WorkAreas.give(area);
        assertThat(area.blockCount()).isZero();
        assertThat(Argon2.hash(Argon2.Type.ID, Argon2.VERSION_13, 64, 1, 1, password, salt, new byte[0], new byte[0], 16))
                .hasSize(16);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
