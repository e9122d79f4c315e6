package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.s;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * A user's profile, MFA settings and group memberships read in one Query within a request: the
 * three items of {@code USER#<sub>} that a password sign-in reads one by one (GetItem
 * {@code PROFILE}, GetItem {@code MFA}, Query {@code GROUP#}) are the sort keys from
 * {@code GROUP#} to {@code PROFILE}, so one strongly consistent Query of that range brings
 * them, two calls a sign-in (and one a refresh) fewer (docs/performance.md, "Sign-in overhead").
 * The range also holds {@code PASSKEYS} and {@code PASSKEY_CHALLENGE}, read and dropped; the
 * user's devices ({@code DEVICES}) and events ({@code EVENT#...}) sort before it.
 *
 * <p>Only while {@link #sharing} runs the request on this thread (each Cognito JSON request):
 * the request sees one state of the partition throughout, and any Directory write by this thread
 * ({@link FencedTransactions}) forgets every partition read, so what the request wrote is read
 * again. Other threads, and the next request here, read afresh. Writes stay conditional on the
 * versions read, as without this.
 */
final class UserPartitionReads {
    /** The range of a user's partition read at once: {@code GROUP#...}, {@code MFA}, {@code PROFILE}. */
    static final String FROM = DynamoDbGroupDirectory.GROUP_PREFIX;
    static final String TO = "PROFILE";

    /** What one Query of the range found. */
    record Partition(Optional<Map<String, AttributeValue>> profile, Optional<Map<String, AttributeValue>> mfa,
                     List<Map<String, AttributeValue>> memberships) {
    }

    private record Key(DynamoDbClient dynamo, String table, String pk) {
    }

    private static final ThreadLocal<Map<Key, Partition>> READ = new ThreadLocal<>();

    private UserPartitionReads() {
    }

    /** Runs {@code request} with each user's partition read at most once until this thread writes. */
    static <T> T sharing(Supplier<T> request) {
        if (READ.get() != null) {
            return request.get();
        }
        READ.set(new HashMap<>());
        try {
            return request.get();
        } finally {
            READ.remove();
        }
    }

    static boolean active() {
        return READ.get() != null;
    }

    /** The partition as this request read it, if it did and has written nothing since. */
    static Optional<Partition> cached(DynamoDbClient dynamo, String table, String pk) {
        Map<Key, Partition> read = READ.get();
        return read == null ? Optional.empty() : Optional.ofNullable(read.get(new Key(dynamo, table, pk)));
    }

    /** Reads the partition's range (every page: {@code PROFILE} sorts last) and keeps it for the request. */
    static Partition read(DynamoDbClient dynamo, String table, String pk) {
        Optional<Map<String, AttributeValue>> profile = Optional.empty();
        Optional<Map<String, AttributeValue>> mfa = Optional.empty();
        List<Map<String, AttributeValue>> memberships = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var request = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":from", s(FROM), ":to", s(TO)));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(request.build());
            for (Map<String, AttributeValue> item : response.items()) {
                String sk = Items.string(item, Items.SK);
                if (sk.startsWith(FROM)) {
                    memberships.add(item);
                } else if (sk.equals(DynamoDbMfaSettings.SK)) {
                    mfa = Optional.of(item);
                } else if (sk.equals(TO)) {
                    profile = Optional.of(item);
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        Partition partition = new Partition(profile, mfa, List.copyOf(memberships));
        Map<Key, Partition> read = READ.get();
        if (read != null) {
            read.put(new Key(dynamo, table, pk), partition);
        }
        return partition;
    }

    /** A Directory write by this thread: every partition is read again. */
    static void forget() {
        Map<Key, Partition> read = READ.get();
        if (read != null) {
            read.clear();
        }
    }
}
