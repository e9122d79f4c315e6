package io.cognate.testing;

import io.cognate.ports.SecretEnvelopes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stands in for KMS envelopes in unit tests: reversible, and refuses a context other than the
 * one sealed with (integrity itself is KMS's and AES-GCM's, tested against the wire elsewhere).
 */
public final class SealedInMemory implements SecretEnvelopes {
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    @Override
    public String seal(byte[] secret, Map<String, String> context) {
        return "t1." + ENCODE.encodeToString(new TreeMap<>(context).toString().getBytes(StandardCharsets.UTF_8))
                + "." + ENCODE.encodeToString(secret);
    }

    @Override
    public byte[] open(String sealed, Map<String, String> context) {
        String[] parts = sealed.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals("t1")) {
            throw new CannotOpen("not sealed here");
        }
        try {
            String sealedContext = new String(DECODE.decode(parts[1]), StandardCharsets.UTF_8);
            if (!sealedContext.equals(new TreeMap<>(context).toString())) {
                throw new CannotOpen("context mismatch");
            }
            return DECODE.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new CannotOpen("not base64url");
        }
    }
}
