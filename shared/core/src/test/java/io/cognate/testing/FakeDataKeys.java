package io.cognate.testing;

import io.cognate.domain.CognitoException;
import io.cognate.ports.DataKeys;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data keys as KMS makes them, kept here: the "encrypted" key is a random handle that
 * {@link #open} turns back into the key, given the key ARN and encryption context it was made
 * with, as KMS Decrypt requires. {@link #refuse} makes every request fail as a disabled key does.
 */
public final class FakeDataKeys implements DataKeys {
    private record Made(byte[] plaintext, String keyArn, Map<String, String> context) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<ByteBuffer, Made> made = new ConcurrentHashMap<>();
    private volatile boolean refusing;
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

    public void refuse(boolean refusing) {
        this.refusing = refusing;
    }

    /** How many data keys were asked for, refused ones included. */
    public int requests() {
        return requests.get();
    }

    @Override
    public DataKey generate(String keyArn, Map<String, String> encryptionContext) {
        requests.incrementAndGet();
        if (refusing) {
            throw new CognitoException("CodeDeliveryFailureException", "Unable to deliver the code.");
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] handle = new byte[24];
        random.nextBytes(handle);
        made.put(ByteBuffer.wrap(handle.clone()), new Made(key.clone(), keyArn, Map.copyOf(encryptionContext)));
        return new DataKey(key, handle, keyArn);
    }

    /** The data key behind {@code ciphertext}, or null unless the ARN and context are the ones it was made with. */
    public byte[] open(byte[] ciphertext, String keyArn, Map<String, String> context) {
        Made key = made.get(ByteBuffer.wrap(ciphertext));
        if (key == null || !key.keyArn().equals(keyArn) || !key.context().equals(context)) {
            return null;
        }
        return Arrays.copyOf(key.plaintext(), key.plaintext().length);
    }
}
