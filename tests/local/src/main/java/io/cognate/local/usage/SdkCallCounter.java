package io.cognate.local.usage;

import io.cognate.adapters.aws.DirectCallObserver;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;

/**
 * Counts the functions' SDK calls per service and operation, on the clients the local stack builds
 * for them ({@code AwsClients.create(config, interceptors)}); the replicator's and the stack's own
 * clients are not counted, so DynamoDB writes count in the region written, not in the replicas.
 * For DynamoDB it asks each call for {@code ReturnConsumedCapacity=TOTAL} and sums the units
 * DynamoDB Local answers, read units for reads and write units for writes, corrected where DynamoDB
 * Local's answer is not DynamoDB's bill: a transactional write (two units per KB and item, Local
 * says four) and a Query or Scan that finds nothing (still one read, Local says none).
 */
public final class SdkCallCounter implements ExecutionInterceptor, DirectCallObserver {
    private final Map<String, Map<String, LongAdder>> calls = new ConcurrentHashMap<>();
    private final DoubleAdder readUnits = new DoubleAdder();
    private final DoubleAdder writeUnits = new DoubleAdder();
    private final LongAdder unmeteredDynamoCalls = new LongAdder();
    private final LongAdder eventBridgeEntries = new LongAdder();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return withConsumedCapacity(context.request());
    }

    /** The request asking for its consumed capacity, if it is a DynamoDB item operation that has not. */
    static SdkRequest withConsumedCapacity(SdkRequest request) {
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        return switch (request) {
            case GetItemRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(total).build();
            case PutItemRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(total).build();
            case UpdateItemRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(total).build();
            case DeleteItemRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(total).build();
            case QueryRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(total).build();
            case ScanRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchGetItemRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchWriteItemRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactGetItemsRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactWriteItemsRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(total).build();
            default -> request;
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        if (context.request() instanceof PutEventsRequest events) {
            eventBridgeEntries.add(events.entries().size());
        }
        SdkResponse response = context.response();
        switch (response) {
            case GetItemResponse r -> addRead(units(r.consumedCapacity()));
            case QueryResponse r -> addRead(atLeastOneRead(units(r.consumedCapacity()), context.request()));
            case ScanResponse r -> addRead(atLeastOneRead(units(r.consumedCapacity()), context.request()));
            case BatchGetItemResponse r -> r.consumedCapacity().forEach(c -> addRead(units(c)));
            case TransactGetItemsResponse r -> r.consumedCapacity().forEach(c -> addRead(units(c)));
            case PutItemResponse r -> addWrite(units(r.consumedCapacity()));
            case UpdateItemResponse r -> addWrite(units(r.consumedCapacity()));
            case DeleteItemResponse r -> addWrite(units(r.consumedCapacity()));
            case BatchWriteItemResponse r -> r.consumedCapacity().forEach(c -> addWrite(units(c)));
            // DynamoDB Local answers four units per KB written in a transaction; DynamoDB bills two
            // (SdkCallCounterOnDynamoDbLocalTest: 4.0 for one small item, 12.0 for 1.5 KB and a small one).
            case TransactWriteItemsResponse r -> r.consumedCapacity().forEach(c -> addWrite(half(units(c))));
            default -> { }
        }
    }

    /** A failed call (a conditional write refused, a KMS error) is a request too. */
    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        count(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    /** A call made without the SDK's client (KMS {@code Sign}): a request as well. */
    @Override
    public void directCall(String serviceName, String operationName) {
        count(serviceName, operationName);
    }

    private void count(String service, String operation) {
        calls.computeIfAbsent(service == null ? "unknown" : service, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(operation == null ? "unknown" : operation, o -> new LongAdder()).increment();
    }

    /**
     * DynamoDB Local answers 0 units for a Query or Scan that finds nothing; DynamoDB bills such a
     * read at least one 4 KB read: half a unit, or one when strongly consistent.
     */
    private static Double atLeastOneRead(Double units, SdkRequest request) {
        if (units == null) {
            return null;
        }
        boolean consistent = switch (request) {
            case QueryRequest q -> Boolean.TRUE.equals(q.consistentRead());
            case ScanRequest q -> Boolean.TRUE.equals(q.consistentRead());
            default -> false;
        };
        return Math.max(units, consistent ? 1.0 : 0.5);
    }

    private static Double half(Double units) {
        return units == null ? null : units / 2;
    }

    private void addRead(Double units) {
        if (units == null) {
            unmeteredDynamoCalls.increment();
        } else {
            readUnits.add(units);
        }
    }

    private void addWrite(Double units) {
        if (units == null) {
            unmeteredDynamoCalls.increment();
        } else {
            writeUnits.add(units);
        }
    }

    private static Double units(ConsumedCapacity capacity) {
        return capacity == null ? null : capacity.capacityUnits();
    }

    /** Calls per service and operation, DynamoDB's units, EventBridge's entries; cumulative. */
    public Map<String, Object> snapshot() {
        Map<String, Object> snapshot = new TreeMap<>();
        Map<String, Map<String, Long>> byService = new TreeMap<>();
        calls.forEach((service, operations) -> {
            Map<String, Long> counts = new TreeMap<>();
            operations.forEach((operation, count) -> counts.put(operation, count.sum()));
            byService.put(service, counts);
        });
        snapshot.put("calls", byService);
        snapshot.put("dynamoReadUnits", readUnits.sum());
        snapshot.put("dynamoWriteUnits", writeUnits.sum());
        snapshot.put("dynamoCallsWithoutCapacity", unmeteredDynamoCalls.sum());
        snapshot.put("eventBridgeEntries", eventBridgeEntries.sum());
        return snapshot;
    }
}
