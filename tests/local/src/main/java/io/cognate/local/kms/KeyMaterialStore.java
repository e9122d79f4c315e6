package io.cognate.local.kms;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of one simulated AWS account, shared by the {@link LocalKms} endpoints of all its regions.
 * Each key records which regions hold it, so a replicated multi-region key has one id and one
 * material everywhere while a single-region key stays where it was created. Kept in memory only.
 */
public final class KeyMaterialStore {

    static final String ACCOUNT_ID = "000000000000";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, KmsKey> keys = new LinkedHashMap<>(); // guarded by this; creation order for ListKeys
    private final Map<String, Map<String, String>> aliases = new HashMap<>(); // region -> alias -> key id; guarded by this

    SecureRandom random() {
        return random;
    }

    KmsKey create(String region, KmsKeySpec spec, KmsKey.Usage usage, boolean multiRegion, String description) {
        // Generated outside the lock: RSA-4096 generation can take a second.
        SecretKey secretKey = spec.symmetric() ? new SecretKeySpec(randomBytes(32), "AES") : null;
        KeyPair keyPair = spec.symmetric() ? null : spec.generateKeyPair(random);
        String id = multiRegion ? "mrk-" + HexFormat.of().formatHex(randomBytes(16)) : UUID.randomUUID().toString();
        KmsKey key = new KmsKey(id, spec, usage, multiRegion, region, description, secretKey, keyPair);
        synchronized (this) {
            keys.put(id, key);
        }
        return key;
    }

    /** The key with this id if the region holds it. */
    synchronized Optional<KmsKey> find(String region, String keyId) {
        return Optional.ofNullable(keys.get(keyId)).filter(key -> key.in(region) != null);
    }

    synchronized List<KmsKey> keysIn(String region) {
        return keys.values().stream().filter(key -> key.in(region) != null).toList();
    }

    synchronized void createAlias(String region, String alias, String keyId) {
        Map<String, String> regionAliases = aliases.computeIfAbsent(region, r -> new HashMap<>());
        if (regionAliases.putIfAbsent(alias, keyId) != null) {
            throw KmsError.alreadyExists("An alias with the name " + alias + " already exists");
        }
    }

    synchronized Optional<String> aliasTarget(String region, String alias) {
        return Optional.ofNullable(aliases.getOrDefault(region, Map.of()).get(alias));
    }

    synchronized boolean deleteAlias(String region, String alias) {
        return aliases.getOrDefault(region, new HashMap<>()).remove(alias) != null;
    }

    byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
