package io.cognate.bench.cost;

import java.util.Map;

/**
 * What one operation of a scenario uses, as {@code ./cognate load --json} measures it (its
 * {@code perOperation} object). DynamoDB write units are those in the region the operation ran
 * in; {@code dynamoRegionalWriteUnits}, when the file has it, is the part of them that went to
 * single-region tables (Lockout, Idempotency) and so is not replicated.
 */
public record OperationUsage(String scenario, Map<String, Double> lambdaInvocations, Map<String, Double> lambdaMs,
                             double apiRequests, double dynamoReadUnits, double dynamoWriteUnits,
                             double dynamoRegionalWriteUnits, double kmsRequests, double eventBridgeEvents) {

    public OperationUsage {
        lambdaInvocations = Map.copyOf(lambdaInvocations);
        lambdaMs = Map.copyOf(lambdaMs);
        if (dynamoRegionalWriteUnits > dynamoWriteUnits) {
            throw new IllegalArgumentException(scenario + ": more regional write units than write units");
        }
    }

    /** Write units to global tables: each lands in every other region as well. */
    public double dynamoGlobalWriteUnits() {
        return dynamoWriteUnits - dynamoRegionalWriteUnits;
    }
}
