package io.cognate.adapters.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Every legacy format checked against vectors published by others: bcrypt's from Openwall's
 * crypt_blowfish, PBKDF2-HMAC-SHA256's from RFC 7914 §11 and Django's own test suite, scrypt's
 * from RFC 7914 §12 and passlib's documentation, Argon2's from argon2-cffi/passlib outputs, and
 * Firebase's variant from the README of github.com/firebase/scrypt. A wrong password, a
 * malformed string and an out-of-range parameter each match nothing.
 */
class LegacyPasswordHashesTest {
    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String b64NoPad(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void bcryptOpenwallVectors() {
        String uStarU = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
        String uStarUStar = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK";
        assertThat(LegacyPasswordHashes.matches("U*U", uStarU)).isTrue();
        assertThat(LegacyPasswordHashes.matches("U*U*", uStarUStar)).isTrue();
        assertThat(LegacyPasswordHashes.matches("U*U*", uStarU)).isFalse();
        assertThat(LegacyPasswordHashes.format(uStarU)).hasValue("bcrypt");
        // $2b$ is the same algorithm under a newer tag.
        assertThat(LegacyPasswordHashes.matches("U*U", "$2b$" + uStarU.substring(4))).isTrue();
        assertThat(LegacyPasswordHashes.matches("U*U", "$2y$" + uStarU.substring(4))).isTrue();
    }

    @Test
    void pbkdf2Sha256Rfc7914Vectors() throws Exception {
        assertThat(LegacyPasswordHashes.pbkdf2Sha256("passwd", "salt".getBytes(StandardCharsets.UTF_8), 1, 64))
                .isEqualTo(HexFormat.of().parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"));
        byte[] expected = HexFormat.of().parseHex("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
        String django = "pbkdf2_sha256$80000$NaCl$" + b64(expected);
        assertThat(LegacyPasswordHashes.matches("Password", django)).isTrue();
        assertThat(LegacyPasswordHashes.matches("password", django)).isFalse();
    }

    @Test
    void pbkdf2Sha256DjangosOwnVectorsIncludingANonAsciiPassword() {
        assertThat(LegacyPasswordHashes.matches("letmein",
                "pbkdf2_sha256$10000$seasalt$FQCNpiZpTb0zub+HBsH6TOwyRxJ19FwvjbweatNmK/Y=")).isTrue();
        String lEtmein = "pbkdf2_sha256$10000$seasalt$CWWFdHOWwPnki7HvkcqN9iA2T3KLW1cf2uZ5kvArtVY=";
        assertThat(LegacyPasswordHashes.matches("lètmein", lEtmein)).isTrue();
        assertThat(LegacyPasswordHashes.matches("lètmeinz", lEtmein)).isFalse();
        assertThat(LegacyPasswordHashes.format(lEtmein)).hasValue("pbkdf2_sha256");
    }

    @Test
    void scryptRfc7914Vectors() throws Exception {
        // (RFC 7914's first vector has an empty salt, which the JDK's PBKDF2 refuses: the others are here.)
        assertThat(LegacyPasswordHashes.scrypt("pleaseletmein".getBytes(StandardCharsets.UTF_8),
                "SodiumChloride".getBytes(StandardCharsets.UTF_8), 14, 8, 1, 64))
                .isEqualTo(HexFormat.of().parseHex("7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                        + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"));
        byte[] nacl = HexFormat.of().parseHex("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
        String phc = "$scrypt$ln=10,r=8,p=16$" + b64NoPad("NaCl".getBytes(StandardCharsets.UTF_8)) + "$" + b64NoPad(nacl);
        assertThat(LegacyPasswordHashes.matches("password", phc)).isTrue();
        assertThat(LegacyPasswordHashes.matches("passw0rd", phc)).isFalse();
        assertThat(LegacyPasswordHashes.format(phc)).hasValue("scrypt");
    }

    @Test
    void scryptPasslibsDocumentedHash() {
        String passlib = "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E";
        assertThat(LegacyPasswordHashes.matches("password", passlib)).isTrue();
        assertThat(LegacyPasswordHashes.matches("Password", passlib)).isFalse();
    }

    @Test
    void firebaseScryptPublishedExample() {
        String stored = "$firebase-scrypt$r=8,m=14$Bw==$"
                + "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==$"
                + "42xEC+ixf3L2lw==$"
                + "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==";
        assertThat(LegacyPasswordHashes.matches("user1password", stored)).isTrue();
        assertThat(LegacyPasswordHashes.matches("user2password", stored)).isFalse();
        assertThat(LegacyPasswordHashes.format(stored)).hasValue("firebase-scrypt");
    }

    @Test
    void argon2PhcStringsFromOtherLibraries() {
        String argon2id = "$argon2id$v=19$m=16,t=2,p=1$UmtRRmdBRU53QlptNk8ycw$UyyArpJ8yasrc93GImQjFQ";
        String argon2d = "$argon2d$v=19$m=16,t=2,p=1$Mmx3eWR3YkJONkhoTGFnNA$HD1EIj2bqdfwQrJDP+FY6w";
        assertThat(LegacyPasswordHashes.matches("password", argon2id)).isTrue();
        assertThat(LegacyPasswordHashes.matches("password", argon2d)).isTrue();
        assertThat(LegacyPasswordHashes.matches("passwore", argon2d)).isFalse();
        assertThat(LegacyPasswordHashes.format(argon2id)).hasValue("argon2id");
    }

    @Test
    void malformedAndOutOfRangeStringsMatchNothing() {
        for (String bad : new String[] {"", "plain", "$2a$05$short", "pbkdf2_sha256$x$salt$AAAA",
                "pbkdf2_sha256$999999999$salt$" + b64(new byte[32]), "$scrypt$ln=30,r=8,p=1$AAAA$" + b64NoPad(new byte[32]),
                "$firebase-scrypt$r=8,m=14$Bw==$AAAA$AAAA$AAAAAAAA", "$md5$whatever"}) {
            assertThat(LegacyPasswordHashes.matches("password", bad)).as(bad).isFalse();
            assertThat(LegacyPasswordHashes.format(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void theArgon2idHasherChecksLegacyHashesAndAsksForTheirReplacement() {
        Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(new SecureRandom());
        String legacy = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
        assertThat(hasher.matches("U*U", legacy)).isTrue();
        assertThat(hasher.matches("U*U*", legacy)).isFalse();
        assertThat(hasher.needsRehash(legacy)).isTrue();
        assertThat(hasher.needsRehash("$argon2id$v=19$m=16,t=2,p=1$UmtRRmdBRU53QlptNk8ycw$UyyArpJ8yasrc93GImQjFQ")).isTrue();
        String current = hasher.hash("U*U");
        assertThat(current).startsWith(Argon2idPasswordHasher.CURRENT_PREFIX);
        assertThat(hasher.needsRehash(current)).isFalse();
    }
}
