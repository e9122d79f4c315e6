package io.cognate.ports;

import java.util.Map;

/**
 * Makes data keys under a KMS key (KMS {@code GenerateDataKey}): a fresh 256-bit key in the clear
 * for this process, and the same key encrypted under the KMS key and bound to
 * {@code encryptionContext}, which only a holder of {@code kms:Decrypt} on that key (with the same
 * context) can open. Used for the codes a custom sender trigger is given.
 */
public interface DataKeys {
    /**
     * A data key under {@code keyArn}. Throws {@code CognitoException} when KMS refuses or cannot
     * be reached.
     */
    DataKey generate(String keyArn, Map<String, String> encryptionContext);

    /** {@code keyArn} is the key's ARN as KMS answered it, which is what a KMS keyring looks for. */
    record DataKey(byte[] plaintext, byte[] ciphertext, String keyArn) {
        @Override
        public String toString() {
            // The plaintext key opens the code: keep it out of anything that prints this record.
            return "DataKey[keyArn=" + keyArn + "]";
        }
    }
}
