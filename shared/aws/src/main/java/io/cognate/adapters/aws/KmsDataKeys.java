package io.cognate.adapters.aws;

import io.cognate.domain.CognitoException;
import io.cognate.ports.DataKeys;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * KMS {@code GenerateDataKey} in this region, for the codes a custom sender trigger is given. A
 * multi-Region key ({@code mrk-} id) is used through its replica here, whatever region the pool's
 * ARN names, so each region encrypts beside itself and keeps doing so while another is down; a
 * single-Region key answers only in its own region. A key KMS refuses (disabled, no grant, not
 * found) or cannot reach gives Cognito's {@code CodeDeliveryFailureException}; the log line names
 * the KMS error, never the key material.
 */
public final class KmsDataKeys implements DataKeys {
    private static final Logger LOG = LoggerFactory.getLogger(KmsDataKeys.class);

    /** Built at the first code sent: most requests send none. */
    private final Supplier<KmsClient> kms;
    private final String region;

    public KmsDataKeys(Supplier<KmsClient> kms, String region) {
        this.kms = kms;
        this.region = region;
    }

    @Override
    public DataKey generate(String keyArn, Map<String, String> encryptionContext) {
        GenerateDataKeyResponse response;
        try {
            response = kms.get().generateDataKey(b -> b.keyId(inThisRegion(keyArn, region))
                    .keySpec(DataKeySpec.AES_256).encryptionContext(encryptionContext));
        } catch (SdkException failed) {
            String reason = failed instanceof AwsServiceException service && service.awsErrorDetails() != null
                    ? service.awsErrorDetails().errorCode() : failed.getClass().getSimpleName();
            LOG.warn("sender code not encrypted: GenerateDataKey failed reason={}", reason);
            throw new CognitoException("CodeDeliveryFailureException", "Unable to deliver the code.");
        }
        return new DataKey(response.plaintext().asByteArray(), response.ciphertextBlob().asByteArray(),
                response.keyId());
    }

    /** {@code arn:aws:kms:<region>:<account>:key/mrk-...} with this region in it; any other key as it is. */
    static String inThisRegion(String keyArn, String region) {
        String[] parts = keyArn.split(":", 6);
        if (parts.length == 6 && parts[2].equals("kms") && parts[5].startsWith("key/mrk-")) {
            parts[3] = region;
            return String.join(":", parts);
        }
        return keyArn;
    }
}
