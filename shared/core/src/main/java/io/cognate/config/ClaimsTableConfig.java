package io.cognate.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Strong mode: the Claims table (MRSC) that holds the leader record's authority and the username
 * claims, when the deployment has one ({@code ReplicationConsistency: STRONG} in the template).
 * No table: eventual mode, and everything stays in the Control and Directory tables.
 *
 * @param table    the table's name; empty in eventual mode
 * @param endpoint local runs only: the DynamoDB endpoint serving it (the one local copy every
 *                 region shares); on AWS the region's own endpoint serves its replica
 */
public record ClaimsTableConfig(String table, Optional<URI> endpoint) {
    public static final String CLAIMS_TABLE = "COGNATE_CLAIMS_TABLE";
    public static final String CLAIMS_DYNAMODB_ENDPOINT = "COGNATE_CLAIMS_DYNAMODB_ENDPOINT";
    public static final ClaimsTableConfig NONE = new ClaimsTableConfig("", Optional.empty());

    public ClaimsTableConfig {
        table = table == null ? "" : table.trim();
        endpoint = endpoint == null ? Optional.empty() : endpoint;
    }

    public static ClaimsTableConfig from(Map<String, String> env) {
        String table = env.getOrDefault(CLAIMS_TABLE, "").trim();
        if (table.isEmpty()) {
            return NONE;
        }
        String endpoint = env.getOrDefault(CLAIMS_DYNAMODB_ENDPOINT, "").trim();
        return new ClaimsTableConfig(table, endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint)));
    }

    public boolean strong() {
        return !table.isEmpty();
    }
}
