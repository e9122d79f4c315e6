package io.cognate.adapters.passwords;

import com.password4j.BcryptFunction;
import com.password4j.ScryptFunction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Password hashes made by other systems, which imported users keep until their first sign-in
 * (then {@link Argon2idPasswordHasher} replaces them with Argon2id). Each is checked against the
 * password exactly as given, as the system that made it hashed it, and every comparison takes
 * the same time whatever the bytes (bcrypt's inside password4j, the others with
 * {@link MessageDigest#isEqual}). A string in no known format, or with parameters out of range,
 * matches nothing.
 *
 * <p>The formats, each self-describing:
 * <ul>
 *   <li>bcrypt: {@code $2a$}, {@code $2b$} or {@code $2y$} modular crypt strings, cost 4 to 31;</li>
 *   <li>PBKDF2-HMAC-SHA256 in Django's format: {@code pbkdf2_sha256$ITERATIONS$SALT$BASE64(HASH)},
 *       the salt used as its UTF-8 bytes;</li>
 *   <li>scrypt in passlib's PHC format: {@code $scrypt$ln=LOG2N,r=R,p=P$SALT$HASH}, salt and hash
 *       in base64 without padding ({@code .} read as {@code +});</li>
 *   <li>Firebase's scrypt variant (firebase/scrypt), with the project's hash parameters carried in
 *       the string: {@code $firebase-scrypt$r=ROUNDS,m=MEM_COST$SALT_SEPARATOR$SIGNER_KEY$SALT$HASH},
 *       all four in standard base64 as Firebase exports them;</li>
 *   <li>Argon2 PHC strings ({@code $argon2id$}, {@code $argon2i$}, {@code $argon2d$}, versions 0x13 and
 *       0x10), checked by {@link Argon2PhcHash} within its work bounds.</li>
 * </ul>
 */
public final class LegacyPasswordHashes {
    /** Work bounds: a hash asking for more than this is refused rather than run. */
    private static final int MAX_PBKDF2_ITERATIONS = 10_000_000;
    private static final int MAX_SCRYPT_LOG2_N = 20;
    private static final int MAX_SCRYPT_R = 32;
    private static final int MAX_SCRYPT_P = 16;

    private LegacyPasswordHashes() {
    }

    /** The format's name if {@code storedHash} is in one of the known formats and well formed, else empty. */
    public static Optional<String> format(String storedHash) {
        if (storedHash == null) {
            return Optional.empty();
        }
        try {
            if (isBcrypt(storedHash)) {
                BcryptFunction.getInstanceFromHash(storedHash);
                return Optional.of("bcrypt");
            }
            if (storedHash.startsWith("pbkdf2_sha256$")) {
                Pbkdf2.parse(storedHash);
                return Optional.of("pbkdf2_sha256");
            }
            if (storedHash.startsWith("$scrypt$")) {
                Scrypt.parse(storedHash);
                return Optional.of("scrypt");
            }
            if (storedHash.startsWith("$firebase-scrypt$")) {
                FirebaseScrypt.parse(storedHash);
                return Optional.of("firebase-scrypt");
            }
            if (storedHash.startsWith("$argon2")) {
                return Argon2PhcHash.parse(storedHash).map(argon2 -> argon2.type().phcName);
            }
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether {@code password} is the one {@code storedHash} was made from. */
    public static boolean matches(String password, String storedHash) {
        if (password == null || storedHash == null) {
            return false;
        }
        try {
            if (isBcrypt(storedHash)) {
                return BcryptFunction.getInstanceFromHash(storedHash).check(password, storedHash);
            }
            if (storedHash.startsWith("pbkdf2_sha256$")) {
                return Pbkdf2.parse(storedHash).matches(password);
            }
            if (storedHash.startsWith("$scrypt$")) {
                return Scrypt.parse(storedHash).matches(password);
            }
            if (storedHash.startsWith("$firebase-scrypt$")) {
                return FirebaseScrypt.parse(storedHash).matches(password);
            }
            if (storedHash.startsWith("$argon2")) {
                return Argon2PhcHash.parse(storedHash).map(argon2 -> argon2.matches(utf8(password))).orElse(false);
            }
        } catch (RuntimeException | GeneralSecurityException malformed) {
            return false;
        }
        return false;
    }

    private static boolean isBcrypt(String hash) {
        return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] base64(String s) {
        return Base64.getDecoder().decode(s.replace('.', '+'));
    }

    /** PBKDF2-HMAC-SHA256 over the password's UTF-8 bytes (the JDK's, which takes chars as UTF-8). */
    static byte[] pbkdf2Sha256(String password, byte[] salt, int iterations, int bytes) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }

    /** scrypt (RFC 7914) with N = 2^log2N. */
    static byte[] scrypt(byte[] password, byte[] salt, int log2N, int r, int p, int bytes) throws GeneralSecurityException {
        if (log2N < 1 || log2N > MAX_SCRYPT_LOG2_N || r < 1 || r > MAX_SCRYPT_R || p < 1 || p > MAX_SCRYPT_P) {
            throw new IllegalArgumentException("scrypt parameters out of range");
        }
        return ScryptFunction.getInstance(1 << log2N, r, p, bytes).scrypt(password, salt, bytes);
    }

    private record Pbkdf2(int iterations, String salt, byte[] hash) {
        static Pbkdf2 parse(String stored) {
            String[] parts = stored.split("\\$", -1);
            if (parts.length != 4 || parts[2].isEmpty()) {
                throw new IllegalArgumentException("not pbkdf2_sha256$iterations$salt$hash");
            }
            int iterations = Integer.parseInt(parts[1]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS || hash.length < 16 || hash.length > 64) {
                throw new IllegalArgumentException("pbkdf2 parameters out of range");
            }
            return new Pbkdf2(iterations, parts[2], hash);
        }

        boolean matches(String password) throws GeneralSecurityException {
            return MessageDigest.isEqual(hash, pbkdf2Sha256(password, utf8(salt), iterations, hash.length));
        }
    }

    private record Scrypt(int log2N, int r, int p, byte[] salt, byte[] hash) {
        static Scrypt parse(String stored) {
            String[] parts = stored.split("\\$", -1);
            if (parts.length != 5 || !parts[0].isEmpty()) {
                throw new IllegalArgumentException("not $scrypt$ln=,r=,p=$salt$hash");
            }
            int log2N = -1;
            int r = -1;
            int p = -1;
            for (String param : parts[2].split(",")) {
                String[] kv = param.split("=", 2);
                switch (kv[0]) {
                    case "ln" -> log2N = Integer.parseInt(kv[1]);
                    case "r" -> r = Integer.parseInt(kv[1]);
                    case "p" -> p = Integer.parseInt(kv[1]);
                    default -> throw new IllegalArgumentException("unknown scrypt parameter");
                }
            }
            byte[] hash = base64(parts[4]);
            if (log2N < 1 || log2N > MAX_SCRYPT_LOG2_N || r < 1 || r > MAX_SCRYPT_R || p < 1 || p > MAX_SCRYPT_P
                    || hash.length < 16 || hash.length > 128) {
                throw new IllegalArgumentException("scrypt parameters out of range");
            }
            return new Scrypt(log2N, r, p, base64(parts[3]), hash);
        }

        boolean matches(String password) throws GeneralSecurityException {
            return MessageDigest.isEqual(hash, scrypt(utf8(password), salt, log2N, r, p, hash.length));
        }
    }

    /**
     * Firebase's variant: the key is scrypt(password, salt ‖ separator, N=2^memCost, r=rounds, p=1,
     * 32 bytes), and the stored hash is the project's signer key encrypted with it by AES-256-CTR
     * from a zero counter.
     */
    record FirebaseScrypt(int rounds, int memCost, byte[] saltSeparator, byte[] signerKey, byte[] salt, byte[] hash) {
        static FirebaseScrypt parse(String stored) {
            String[] parts = stored.split("\\$", -1);
            if (parts.length != 7 || !parts[0].isEmpty()) {
                throw new IllegalArgumentException("not $firebase-scrypt$r=,m=$separator$signerKey$salt$hash");
            }
            int rounds = -1;
            int memCost = -1;
            for (String param : parts[2].split(",")) {
                String[] kv = param.split("=", 2);
                switch (kv[0]) {
                    case "r" -> rounds = Integer.parseInt(kv[1]);
                    case "m" -> memCost = Integer.parseInt(kv[1]);
                    default -> throw new IllegalArgumentException("unknown firebase-scrypt parameter");
                }
            }
            byte[] signerKey = Base64.getDecoder().decode(parts[4]);
            byte[] hash = Base64.getDecoder().decode(parts[6]);
            if (rounds < 1 || rounds > MAX_SCRYPT_R || memCost < 1 || memCost > MAX_SCRYPT_LOG2_N
                    || signerKey.length == 0 || hash.length != signerKey.length) {
                throw new IllegalArgumentException("firebase-scrypt parameters out of range");
            }
            return new FirebaseScrypt(rounds, memCost, Base64.getDecoder().decode(parts[3]), signerKey,
                    Base64.getDecoder().decode(parts[5]), hash);
        }

        byte[] compute(String password) throws GeneralSecurityException {
            byte[] salted = new byte[salt.length + saltSeparator.length];
            System.arraycopy(salt, 0, salted, 0, salt.length);
            System.arraycopy(saltSeparator, 0, salted, salt.length, saltSeparator.length);
            byte[] key = scrypt(utf8(password), salted, memCost, rounds, 1, 32);
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            return aes.doFinal(signerKey);
        }

        boolean matches(String password) throws GeneralSecurityException {
            return MessageDigest.isEqual(hash, compute(password));
        }
    }
}
