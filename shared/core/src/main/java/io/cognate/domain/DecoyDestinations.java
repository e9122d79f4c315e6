package io.cognate.domain;

import io.cognate.ports.TokenSigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The masked destination shown when a code is "sent" to a user who does not exist
 * (Cognito's {@code PreventUserExistenceErrors}). A real answer shows the first letters of the
 * user's e-mail ({@code a***@e***}); a decoy must look the same, stay the same on every ask and
 * in every region, and be impossible to predict, or comparing it with the expected decoy would
 * tell who exists. So its letters come from an HMAC of the username under a key only this
 * deployment can derive: the pool's signing key's (deterministic, RSASSA-PKCS1-v1_5) signature
 * over a fixed label. The key is derived on first use, never before a SnapStart snapshot.
 */
public final class DecoyDestinations {
    private static final byte[] LABEL = "cognate/decoy-destinations/v1".getBytes(StandardCharsets.UTF_8);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    private final TokenSigner signer;
    private volatile SecretKeySpec key;

    public DecoyDestinations(TokenSigner signer) {
        this.signer = signer;
    }

    public String forUsername(Username username) {
        // A username that is an e-mail address is most likely the user's e-mail: mask it as one.
        if (EMAIL.matcher(username.value()).matches()) {
            return UserAttributes.maskEmail(username.value());
        }
        byte[] mac = hmac(username.key());
        return LETTERS.charAt(Byte.toUnsignedInt(mac[0]) % LETTERS.length()) + "***@"
                + LETTERS.charAt(Byte.toUnsignedInt(mac[1]) % LETTERS.length()) + "***";
    }

    /**
     * Other values a decoy needs from the same key (an SRP salt and verifier for a user who does
     * not exist): 32 bytes, the same for the same purpose and username everywhere, unpredictable
     * without the key. A purpose keeps each kind of value apart from the others and from masks.
     */
    public byte[] derive(String purpose, Username username) {
        return hmac(purpose + "\n" + username.key());
    }

    private byte[] hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec current = key;
        if (current == null) {
            try {
                byte[] derived = MessageDigest.getInstance("SHA-256").digest(signer.signRs256(LABEL));
                current = new SecretKeySpec(derived, "HmacSHA256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is unavailable", e);
            }
            key = current;
        }
        return current;
    }
}
