package io.cognate.bench;

import io.cognate.adapters.aws.AwsClients;
import io.cognate.adapters.aws.KmsSignRequests;
import io.cognate.config.CognateConfig;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * What one AWS call costs the calling thread: a DynamoDB {@code GetItem} (the app client's item)
 * through the client {@link AwsClients} builds ({@code DynamoDbJsonClient}) and through the SDK's
 * own client, and KMS {@code Sign} of a digest through the SDK's client and through
 * {@link KmsSignRequests}. The calls take turns on one thread, so the
 * machine's load falls on all alike; medians of thread CPU time.
 *
 * <p>{@code SdkCallCpuMain [rounds, default 2000]}. The local stack listens on ports 19410-19412.
 */
public final class SdkCallCpuMain {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SdkCallCpuMain() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        LocalOptions options = new LocalOptions(19410, List.of(new LocalOptions.RegionSpec("us-east-1", 19411),
                new LocalOptions.RegionSpec("eu-west-1", 19412))).withScheduler(false);
        try (LocalCognate stack = LocalCognate.start(options, new PrintStream(OutputStream.nullOutputStream()));
             AwsClients clients = AwsClients.create(stack.primary().services().config());
             DynamoDbClient sdkDynamoDb = DynamoDbClient.builder()
                     .region(Region.of(stack.primary().services().config().region()))
                     .endpointOverride(stack.primary().services().config().dynamoDbEndpoint().orElseThrow())
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            CognateConfig config = stack.primary().services().config();
            Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("CLIENT#" + stack.clientId()),
                    "sk", AttributeValue.fromS("CLIENT"));
            String table = config.directoryTable();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest("header.payload".getBytes());
            String keyId = config.signingKeyId();
            KmsSignRequests direct = clients.kmsSignRequests().orElseThrow();

            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("DynamoDB GetItem, AwsClients' client", () -> clients.dynamoDb().getItem(b -> b.tableName(table)
                    .key(key).consistentRead(true)));
            calls.put("DynamoDB GetItem, SDK client", () -> sdkDynamoDb.getItem(b -> b.tableName(table)
                    .key(key).consistentRead(true)));
            calls.put("KMS Sign, SDK client", () -> clients.kms().sign(b -> b.keyId(keyId)
                    .message(SdkBytes.fromByteArray(digest)).messageType(MessageType.DIGEST)
                    .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256)));
            calls.put("KMS Sign, KmsSignRequests", () -> direct.signDigest(keyId, digest));

            Map<String, long[]> nanos = new LinkedHashMap<>();
            calls.keySet().forEach(name -> nanos.put(name, new long[rounds]));
            for (int warmUp = 0; warmUp < rounds / 4; warmUp++) {
                calls.values().forEach(Runnable::run);
            }
            for (int i = 0; i < rounds; i++) {
                for (var call : calls.entrySet()) {
                    long before = THREADS.getCurrentThreadCpuTime();
                    call.getValue().run();
                    nanos.get(call.getKey())[i] = THREADS.getCurrentThreadCpuTime() - before;
                }
            }
            System.out.printf("thread CPU per call, %d rounds each, back to back%n", rounds);
            nanos.forEach((name, values) -> System.out.printf("  %-46s median %.3f ms  mean %.3f ms%n", name,
                    median(values), Arrays.stream(values).average().orElse(0) / 1e6));
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}
