package io.cognate.domain.tokens;

/**
 * Checks RS256 signatures (RSASSA-PKCS1-v1_5 with SHA-256) made by one RSA key. One instance
 * may be used from many threads at once.
 */
@FunctionalInterface
public interface Rs256Check {

    /**
     * @param input  the signing input ({@code header.payload} as ASCII) in its first {@code length} bytes
     * @param signature the decoded signature
     * @return whether {@code signature} is this key's RS256 signature of that input; never throws for
     *         malformed signatures (a wrong length, a value at or above the modulus)
     */
    boolean verify(byte[] input, int length, byte[] signature);
}
