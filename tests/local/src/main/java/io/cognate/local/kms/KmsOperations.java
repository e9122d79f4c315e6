package io.cognate.local.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The KMS operations of one region, on JSON request and response bodies as the KMS JSON 1.1 API defines them. */
final class KmsOperations {

    private static final int MAX_PLAINTEXT = 4096;
    private static final String DEFAULT_POLICY = """
            {"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions",\
            "Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:*","Resource":"*"}]}"""
            .formatted(KeyMaterialStore.ACCOUNT_ID);

    private final String region;
    private final KeyMaterialStore store;
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    KmsOperations(String region, KeyMaterialStore store) {
        this.region = region;
        this.store = store;
    }

    ObjectNode invoke(String operation, JsonNode body) {
        KmsRequest request = new KmsRequest(body);
        return switch (operation) {
            case "CreateKey" -> createKey(request);
            case "ReplicateKey" -> replicateKey(request);
            case "DescribeKey" -> keyMetadataResponse("KeyMetadata", resolve(request.requiredString("KeyId")), region);
            case "ListKeys" -> listKeys(request);
            case "EnableKey" -> setEnabled(request, true);
            case "DisableKey" -> setEnabled(request, false);
            case "GetPublicKey" -> getPublicKey(request);
            case "Sign" -> sign(request);
            case "Verify" -> verify(request);
            case "Encrypt" -> encrypt(request);
            case "Decrypt" -> decrypt(request);
            case "GenerateDataKey" -> generateDataKey(request, true);
            case "GenerateDataKeyWithoutPlaintext" -> generateDataKey(request, false);
            case "GenerateRandom" -> generateRandom(request);
            case "CreateAlias" -> createAlias(request);
            case "DeleteAlias" -> deleteAlias(request);
            default -> throw KmsError.unknownOperation("Operation " + operation + " is not supported by local KMS");
        };
    }

    private ObjectNode createKey(KmsRequest request) {
        KmsKeySpec spec = KmsKeySpec.parse(request.string("KeySpec")
                .or(() -> request.string("CustomerMasterKeySpec")).orElse("SYMMETRIC_DEFAULT"));
        KmsKey.Usage usage = parseUsage(request.string("KeyUsage").orElse("ENCRYPT_DECRYPT"));
        if (spec.symmetric() != (usage == KmsKey.Usage.ENCRYPT_DECRYPT)) {
            if (spec.name().startsWith("RSA")) {
                throw KmsError.unsupported("Local KMS supports RSA keys only for SIGN_VERIFY");
            }
            throw KmsError.validation("KeyUsage " + usage + " is not compatible with KeySpec " + spec);
        }
        String origin = request.string("Origin").orElse("AWS_KMS");
        if (!origin.equals("AWS_KMS")) {
            throw KmsError.unsupported("Local KMS supports only Origin AWS_KMS");
        }
        KmsKey key = store.create(region, spec, usage, request.bool("MultiRegion", false),
                request.string("Description").orElse(""));
        return keyMetadataResponse("KeyMetadata", key, region);
    }

    private ObjectNode replicateKey(KmsRequest request) {
        String replicaRegion = request.requiredString("ReplicaRegion");
        if (!replicaRegion.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw KmsError.validation("ReplicaRegion '" + replicaRegion + "' is not a valid region");
        }
        KmsKey key = resolve(request.requiredString("KeyId"));
        if (!key.multiRegion()) {
            throw KmsError.unsupported(key.arn(region) + " is not a multi-Region key");
        }
        if (!key.primaryRegion().equals(region)) {
            throw KmsError.unsupported(key.arn(region) + " is a replica key; replicate the primary key in "
                    + key.primaryRegion());
        }
        key.addReplica(replicaRegion, request.string("Description").orElse(key.in(region).description));
        ObjectNode response = keyMetadataResponse("ReplicaKeyMetadata", key, replicaRegion);
        response.put("ReplicaPolicy", request.string("Policy").orElse(DEFAULT_POLICY));
        response.putArray("ReplicaTags");
        return response;
    }

    private ObjectNode listKeys(KmsRequest request) {
        int limit = request.integer("Limit").orElse(100);
        if (limit < 1 || limit > 1000) {
            throw KmsError.validation("Limit must be between 1 and 1000");
        }
        int start = request.string("Marker").map(KmsOperations::parseMarker).orElse(0);
        List<KmsKey> keys = store.keysIn(region);
        int end = Math.min(keys.size(), start + limit);
        ObjectNode response = json.objectNode();
        ArrayNode entries = response.putArray("Keys");
        for (KmsKey key : keys.subList(Math.min(start, end), end)) {
            entries.addObject().put("KeyId", key.id()).put("KeyArn", key.arn(region));
        }
        response.put("Truncated", end < keys.size());
        if (end < keys.size()) {
            response.put("NextMarker", Integer.toString(end));
        }
        return response;
    }

    private ObjectNode setEnabled(KmsRequest request, boolean enabled) {
        resolve(request.requiredString("KeyId")).in(region).enabled = enabled;
        return json.objectNode();
    }

    private ObjectNode getPublicKey(KmsRequest request) {
        KmsKey key = usable(request.requiredString("KeyId"));
        if (key.spec().symmetric()) {
            throw KmsError.unsupported(key.arn(region) + " is a symmetric key and has no public key");
        }
        ObjectNode response = json.objectNode()
                .put("KeyId", key.arn(region))
                .put("PublicKey", key.keyPair().getPublic().getEncoded())
                .put("CustomerMasterKeySpec", key.spec().name())
                .put("KeySpec", key.spec().name())
                .put("KeyUsage", key.usage().name());
        addAlgorithms(response, key);
        return response;
    }

    private ObjectNode sign(KmsRequest request) {
        byte[] message = message(request);
        boolean isDigest = isDigest(request);
        KmsSigningAlgorithm algorithm = KmsSigningAlgorithm.parse(request.requiredString("SigningAlgorithm"));
        KmsKey key = signingKey(request.requiredString("KeyId"), algorithm);
        return json.objectNode()
                .put("KeyId", key.arn(region))
                .put("Signature", algorithm.sign(key.keyPair().getPrivate(), message, isDigest))
                .put("SigningAlgorithm", algorithm.name());
    }

    private ObjectNode verify(KmsRequest request) {
        byte[] message = message(request);
        boolean isDigest = isDigest(request);
        byte[] signature = request.requiredBlob("Signature");
        KmsSigningAlgorithm algorithm = KmsSigningAlgorithm.parse(request.requiredString("SigningAlgorithm"));
        KmsKey key = signingKey(request.requiredString("KeyId"), algorithm);
        if (!algorithm.verify(key.keyPair().getPublic(), message, isDigest, signature)) {
            throw KmsError.invalidSignature("The signature is not valid for this message, key and algorithm");
        }
        return json.objectNode()
                .put("KeyId", key.arn(region))
                .put("SignatureValid", true)
                .put("SigningAlgorithm", algorithm.name());
    }

    private ObjectNode encrypt(KmsRequest request) {
        byte[] plaintext = request.requiredBlob("Plaintext");
        if (plaintext.length < 1 || plaintext.length > MAX_PLAINTEXT) {
            throw KmsError.validation("Plaintext must be between 1 and " + MAX_PLAINTEXT + " bytes");
        }
        Map<String, String> context = request.stringMap("EncryptionContext");
        KmsKey key = encryptionKey(request.requiredString("KeyId"), request);
        return json.objectNode()
                .put("CiphertextBlob", seal(key, plaintext, context))
                .put("KeyId", key.arn(region))
                .put("EncryptionAlgorithm", KmsKeySpec.SYMMETRIC_ALGORITHM);
    }

    private ObjectNode decrypt(KmsRequest request) {
        byte[] blob = request.requiredBlob("CiphertextBlob");
        Map<String, String> context = request.stringMap("EncryptionContext");
        KmsKey key = encryptionKey(CiphertextBlob.keyIdOf(blob), request);
        Optional<String> expected = request.string("KeyId");
        if (expected.isPresent() && !resolve(expected.get()).id().equals(key.id())) {
            throw KmsError.incorrectKey("The ciphertext was not encrypted under the KMS key " + expected.get());
        }
        byte[] plaintext = CiphertextBlob.open(blob, key.secretKey(), context);
        return json.objectNode()
                .put("KeyId", key.arn(region))
                .put("Plaintext", plaintext)
                .put("EncryptionAlgorithm", KmsKeySpec.SYMMETRIC_ALGORITHM);
    }

    private ObjectNode generateDataKey(KmsRequest request, boolean includePlaintext) {
        Optional<String> keySpec = request.string("KeySpec");
        Optional<Integer> numberOfBytes = request.integer("NumberOfBytes");
        if (keySpec.isPresent() == numberOfBytes.isPresent()) {
            throw KmsError.validation("Specify either KeySpec or NumberOfBytes, but not both");
        }
        int length = numberOfBytes.map(KmsOperations::checkNumberOfBytes).orElseGet(() -> switch (keySpec.get()) {
            case "AES_256" -> 32;
            case "AES_128" -> 16;
            default -> throw KmsError.validation("KeySpec must be AES_256 or AES_128");
        });
        Map<String, String> context = request.stringMap("EncryptionContext");
        KmsKey key = encryptionKey(request.requiredString("KeyId"), request);
        byte[] plaintext = store.randomBytes(length);
        ObjectNode response = json.objectNode()
                .put("CiphertextBlob", seal(key, plaintext, context))
                .put("KeyId", key.arn(region));
        if (includePlaintext) {
            response.put("Plaintext", plaintext);
        }
        return response;
    }

    private ObjectNode generateRandom(KmsRequest request) {
        int length = checkNumberOfBytes(request.integer("NumberOfBytes")
                .orElseThrow(() -> KmsError.validation("NumberOfBytes is required")));
        return json.objectNode().put("Plaintext", store.randomBytes(length));
    }

    private ObjectNode createAlias(KmsRequest request) {
        String alias = request.requiredString("AliasName");
        if (!alias.matches("alias/[a-zA-Z0-9/_-]+") || alias.startsWith("alias/aws/")) {
            throw KmsError.validation("AliasName '" + alias + "' is not valid");
        }
        store.createAlias(region, alias, resolve(request.requiredString("TargetKeyId")).id());
        return json.objectNode();
    }

    private ObjectNode deleteAlias(KmsRequest request) {
        String alias = request.requiredString("AliasName");
        if (!store.deleteAlias(region, alias)) {
            throw KmsError.notFound("Alias " + aliasArn(alias) + " is not found.");
        }
        return json.objectNode();
    }

    /**
     * Finds a key in this region from a key id, key ARN, alias name or alias ARN.
     * An ARN naming another region does not resolve, even for a multi-Region key.
     */
    private KmsKey resolve(String keyRef) {
        String reference = keyRef;
        if (reference.startsWith("arn:")) {
            String[] parts = reference.split(":", 6);
            if (parts.length != 6 || !parts[2].equals("kms") || !parts[3].equals(region)
                    || !parts[4].equals(KeyMaterialStore.ACCOUNT_ID)) {
                throw notFound(keyRef);
            }
            reference = parts[5];
            if (reference.startsWith("key/")) {
                reference = reference.substring("key/".length());
            } else if (!reference.startsWith("alias/")) {
                throw notFound(keyRef);
            }
        }
        String keyId = reference.startsWith("alias/")
                ? store.aliasTarget(region, reference).orElseThrow(() -> notFound(keyRef))
                : reference;
        return store.find(region, keyId).orElseThrow(() -> notFound(keyRef));
    }

    private KmsError notFound(String keyRef) {
        String shown = keyRef.startsWith("arn:") || keyRef.startsWith("alias/") ? keyRef
                : "arn:aws:kms:" + region + ":" + KeyMaterialStore.ACCOUNT_ID + ":key/" + keyRef;
        return KmsError.notFound("Key '" + shown + "' does not exist");
    }

    /** A key that cryptographic operations may use: it must be enabled in this region. */
    private KmsKey usable(String keyRef) {
        KmsKey key = resolve(keyRef);
        if (!key.in(region).enabled) {
            throw KmsError.disabled(key.arn(region) + " is disabled.");
        }
        return key;
    }

    private KmsKey signingKey(String keyRef, KmsSigningAlgorithm algorithm) {
        KmsKey key = usable(keyRef);
        if (key.usage() != KmsKey.Usage.SIGN_VERIFY) {
            throw KmsError.invalidKeyUsage(key.arn(region) + " key usage is " + key.usage() + " which is not valid for signing.");
        }
        if (!key.spec().signingAlgorithms().contains(algorithm)) {
            throw KmsError.invalidKeyUsage(algorithm + " is not valid for a " + key.spec() + " key");
        }
        return key;
    }

    private KmsKey encryptionKey(String keyRef, KmsRequest request) {
        KmsKey key = usable(keyRef);
        if (key.usage() != KmsKey.Usage.ENCRYPT_DECRYPT || !key.spec().symmetric()) {
            throw KmsError.invalidKeyUsage(key.arn(region) + " key usage is " + key.usage() + " which is not valid for this operation.");
        }
        String algorithm = request.string("EncryptionAlgorithm").orElse(KmsKeySpec.SYMMETRIC_ALGORITHM);
        if (!algorithm.equals(KmsKeySpec.SYMMETRIC_ALGORITHM)) {
            throw KmsError.invalidKeyUsage("EncryptionAlgorithm " + algorithm + " is not valid for " + key.arn(region));
        }
        return key;
    }

    private static byte[] message(KmsRequest request) {
        byte[] message = request.requiredBlob("Message");
        if (message.length < 1 || message.length > MAX_PLAINTEXT) {
            throw KmsError.validation("Message must be between 1 and " + MAX_PLAINTEXT + " bytes");
        }
        return message;
    }

    private static boolean isDigest(KmsRequest request) {
        return switch (request.string("MessageType").orElse("RAW")) {
            case "RAW" -> false;
            case "DIGEST" -> true;
            default -> throw KmsError.validation("MessageType must be RAW or DIGEST");
        };
    }

    private byte[] seal(KmsKey key, byte[] plaintext, Map<String, String> context) {
        return CiphertextBlob.seal(key.id(), key.secretKey(), plaintext, context, store.random());
    }

    private static int checkNumberOfBytes(int length) {
        if (length < 1 || length > 1024) {
            throw KmsError.validation("NumberOfBytes must be between 1 and 1024");
        }
        return length;
    }

    private ObjectNode keyMetadataResponse(String field, KmsKey key, String inRegion) {
        ObjectNode response = json.objectNode();
        response.set(field, keyMetadata(key, inRegion));
        return response;
    }

    /** KeyMetadata of a key as seen from one of the regions holding it. */
    private ObjectNode keyMetadata(KmsKey key, String inRegion) {
        KmsKey.Regional regional = key.in(inRegion);
        ObjectNode metadata = json.objectNode()
                .put("AWSAccountId", KeyMaterialStore.ACCOUNT_ID)
                .put("KeyId", key.id())
                .put("Arn", key.arn(inRegion))
                // The JSON 1.1 protocol carries timestamps as epoch seconds.
                .put("CreationDate", BigDecimal.valueOf(regional.creationDate.toEpochMilli(), 3))
                .put("Enabled", regional.enabled)
                .put("Description", regional.description)
                .put("KeyUsage", key.usage().name())
                .put("KeyState", regional.enabled ? "Enabled" : "Disabled")
                .put("Origin", "AWS_KMS")
                .put("KeyManager", "CUSTOMER")
                .put("CustomerMasterKeySpec", key.spec().name())
                .put("KeySpec", key.spec().name())
                .put("MultiRegion", key.multiRegion());
        addAlgorithms(metadata, key);
        if (key.multiRegion()) {
            ObjectNode configuration = metadata.putObject("MultiRegionConfiguration")
                    .put("MultiRegionKeyType", key.primaryRegion().equals(inRegion) ? "PRIMARY" : "REPLICA");
            configuration.set("PrimaryKey", regionalKey(key, key.primaryRegion()));
            ArrayNode replicas = configuration.putArray("ReplicaKeys");
            key.replicaRegions().forEach(replica -> replicas.add(regionalKey(key, replica)));
        }
        return metadata;
    }

    private ObjectNode regionalKey(KmsKey key, String keyRegion) {
        return json.objectNode().put("Arn", key.arn(keyRegion)).put("Region", keyRegion);
    }

    private void addAlgorithms(ObjectNode target, KmsKey key) {
        if (key.usage() == KmsKey.Usage.SIGN_VERIFY) {
            ArrayNode algorithms = target.putArray("SigningAlgorithms");
            key.spec().signingAlgorithms().forEach(algorithm -> algorithms.add(algorithm.name()));
        } else {
            target.putArray("EncryptionAlgorithms").add(KmsKeySpec.SYMMETRIC_ALGORITHM);
        }
    }

    private String aliasArn(String alias) {
        return "arn:aws:kms:" + region + ":" + KeyMaterialStore.ACCOUNT_ID + ":" + alias;
    }

    private static KmsKey.Usage parseUsage(String value) {
        try {
            return KmsKey.Usage.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw KmsError.validation("KeyUsage '" + value + "' is not supported by local KMS");
        }
    }

    private static int parseMarker(String marker) {
        try {
            return Math.max(0, Integer.parseInt(marker));
        } catch (NumberFormatException e) {
            throw KmsError.validation("Marker '" + marker + "' is not valid");
        }
    }
}
