package io.cognate.adapters.passwords;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * An Argon2 hash in the PHC string format that the reference implementation, argon2-cffi,
 * passlib and password4j write: {@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH}, salt and hash
 * in base64 without padding; a string without {@code v=} is version 0x10. Parsing refuses
 * anything it cannot check safely, so a malformed or outrageous stored string matches nothing
 * instead of throwing (or running for minutes).
 */
record Argon2PhcHash(Argon2.Type type, int version, int memoryKiB, int iterations, int parallelism, byte[] salt,
        byte[] hash) {
    /**
     * Work bounds. 256 MiB of blocks still fits in identity-api's 1,024 MB beside the JVM's own
     * 150–200 MB; the largest parameters in common use (RFC 9106's second recommendation,
     * m=64 MiB, t=3, p=4; argon2-cffi's default, the same) are well inside.
     */
    static final int MAX_MEMORY_KIB = 256 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 64;
    /** RFC 9106 §3.1: salts of at least 8 bytes, tags of at least 4. */
    static final int MIN_SALT_BYTES = 8;
    static final int MAX_SALT_BYTES = 256;
    static final int MIN_HASH_BYTES = 4;
    static final int MAX_HASH_BYTES = 256;

    private static final byte[] NONE = new byte[0];

    /** The hash if {@code stored} is a well-formed Argon2 PHC string within the bounds above, else empty. */
    static Optional<Argon2PhcHash> parse(String stored) {
        if (stored == null || !stored.startsWith("$argon2")) {
            return Optional.empty();
        }
        try {
            String[] parts = stored.split("\\$", -1);
            // "", type, [v=..], params, salt, hash
            if (parts.length != 5 && parts.length != 6) {
                return Optional.empty();
            }
            Argon2.Type type = switch (parts[1]) {
                case "argon2id" -> Argon2.Type.ID;
                case "argon2i" -> Argon2.Type.I;
                case "argon2d" -> Argon2.Type.D;
                default -> null;
            };
            if (type == null) {
                return Optional.empty();
            }
            int version = Argon2.VERSION_10;
            int at = 2;
            if (parts.length == 6) {
                version = switch (parts[2]) {
                    case "v=19" -> Argon2.VERSION_13;
                    case "v=16" -> Argon2.VERSION_10;
                    default -> -1;
                };
                if (version < 0) {
                    return Optional.empty();
                }
                at = 3;
            }
            String[] params = parts[at].split(",", -1);
            if (params.length != 3 || !params[0].startsWith("m=") || !params[1].startsWith("t=")
                    || !params[2].startsWith("p=")) {
                return Optional.empty();
            }
            int memory = decimal(params[0].substring(2));
            int iterations = decimal(params[1].substring(2));
            int parallelism = decimal(params[2].substring(2));
            byte[] salt = unpadded(parts[at + 1]);
            byte[] hash = unpadded(parts[at + 2]);
            if (parallelism < 1 || parallelism > MAX_PARALLELISM || memory < 8 * parallelism
                    || memory > MAX_MEMORY_KIB || iterations < 1 || iterations > MAX_ITERATIONS
                    || salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES
                    || hash.length < MIN_HASH_BYTES || hash.length > MAX_HASH_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new Argon2PhcHash(type, version, memory, iterations, parallelism, salt, hash));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** Hashes {@code password} with these parameters and salt into a new PHC string. */
    static String create(Argon2.Type type, int memoryKiB, int iterations, int parallelism, byte[] password,
            byte[] salt, int hashLength) {
        byte[] hash = Argon2.hash(type, Argon2.VERSION_13, memoryKiB, iterations, parallelism, password, salt, NONE,
                NONE, hashLength);
        return new Argon2PhcHash(type, Argon2.VERSION_13, memoryKiB, iterations, parallelism, salt, hash).encode();
    }

    /** Whether {@code password} gives this hash; the comparison takes the same time whatever the bytes. */
    boolean matches(byte[] password) {
        byte[] computed = Argon2.hash(type, version, memoryKiB, iterations, parallelism, password, salt, NONE, NONE,
                hash.length);
        return MessageDigest.isEqual(hash, computed);
    }

    String encode() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$" + type.phcName + "$v=" + version + "$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** A non-negative decimal without sign or leading zeros, as the reference implementation writes it. */
    private static int decimal(String s) {
        if (s.isEmpty() || s.length() > 9 || (s.length() > 1 && s.charAt(0) == '0')) {
            throw new IllegalArgumentException("not a decimal parameter");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new IllegalArgumentException("not a decimal parameter");
            }
        }
        return Integer.parseInt(s);
    }

    private static byte[] unpadded(String s) {
        if (s.isEmpty() || s.indexOf('=') >= 0) {
            throw new IllegalArgumentException("PHC base64 has no padding");
        }
        return Base64.getDecoder().decode(s);
    }
}
