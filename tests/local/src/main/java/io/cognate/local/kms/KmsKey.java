package io.cognate.local.kms;

import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * One KMS key: its material is shared by every region holding it, as with a real multi-region key;
 * state such as enabled or description is per region, as KMS keeps it per replica.
 */
final class KmsKey {

    enum Usage { ENCRYPT_DECRYPT, SIGN_VERIFY }

    /** The part of a key that each region holds separately. */
    static final class Regional {
        final Instant creationDate;
        final String description;
        volatile boolean enabled = true;

        Regional(Instant creationDate, String description) {
            this.creationDate = creationDate;
            this.description = description;
        }
    }

    private final String id;
    private final KmsKeySpec spec;
    private final Usage usage;
    private final boolean multiRegion;
    private final String primaryRegion;
    private final SecretKey secretKey;
    private final KeyPair keyPair;
    private final Map<String, Regional> regions = new LinkedHashMap<>(); // guarded by this

    KmsKey(String id, KmsKeySpec spec, Usage usage, boolean multiRegion, String primaryRegion, String description,
           SecretKey secretKey, KeyPair keyPair) {
        this.id = id;
        this.spec = spec;
        this.usage = usage;
        this.multiRegion = multiRegion;
        this.primaryRegion = primaryRegion;
        this.secretKey = secretKey;
        this.keyPair = keyPair;
        regions.put(primaryRegion, new Regional(Instant.now(), description));
    }

    String id() {
        return id;
    }

    String arn(String region) {
        return "arn:aws:kms:" + region + ":" + KeyMaterialStore.ACCOUNT_ID + ":key/" + id;
    }

    KmsKeySpec spec() {
        return spec;
    }

    Usage usage() {
        return usage;
    }

    boolean multiRegion() {
        return multiRegion;
    }

    String primaryRegion() {
        return primaryRegion;
    }

    /** AES-256 material of a symmetric key, null for asymmetric keys. */
    SecretKey secretKey() {
        return secretKey;
    }

    /** Material of an asymmetric key, null for symmetric keys. */
    KeyPair keyPair() {
        return keyPair;
    }

    synchronized Regional in(String region) {
        return regions.get(region);
    }

    synchronized List<String> regions() {
        return List.copyOf(regions.keySet());
    }

    synchronized List<String> replicaRegions() {
        return regions.keySet().stream().filter(region -> !region.equals(primaryRegion)).toList();
    }

    synchronized void addReplica(String region, String description) {
        if (regions.containsKey(region)) {
            throw KmsError.alreadyExists("Key " + arn(region) + " already exists in " + region);
        }
        regions.put(region, new Regional(Instant.now(), description));
    }
}
