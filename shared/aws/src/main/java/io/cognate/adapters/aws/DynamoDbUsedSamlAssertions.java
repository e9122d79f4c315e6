package io.cognate.adapters.aws;

import io.cognate.ports.UsedSamlAssertions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The SAML assertion replay cache in the Sessions global table:
 * {@code SAMLASSERTION#<sha256(issuer, ID)>/USED}, put only if absent, TTL when the assertion
 * expires. The key is a hash because issuer and ID are the sender's strings (an ID may be up to
 * the response's size); the same item in two regions means the same, as for
 * {@link DynamoDbUsedTotpCodes}.
 */
public final class DynamoDbUsedSamlAssertions implements UsedSamlAssertions {
    private final SingleUseMarks marks;

    public DynamoDbUsedSamlAssertions(DynamoDbClient dynamo, String table, String region) {
        this.marks = new SingleUseMarks(dynamo, table, region);
    }

    @Override
    public boolean claim(String issuer, String assertionId, Instant forgetAfter) {
        return marks.claim("SAMLASSERTION#" + digest(issuer, assertionId), "USED", forgetAfter);
    }

    private static String digest(String issuer, String assertionId) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            // Length-prefixed, so ("ab", "c") and ("a", "bc") never share a key.
            sha256.update((issuer.length() + ":" + issuer + assertionId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
