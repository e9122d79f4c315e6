package io.cognate.adapters.aws;

import io.cognate.ports.UsedTotpCodes;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The TOTP replay cache in the Sessions global table: {@code TOTP#<sub>/STEP#<time step>}, put
 * only if absent (TTL {@code ttl}). Global rather than regional, so a code used in one region is
 * refused in the others once the item has replicated; two regions accepting the same code within
 * the replication lag write the same item with the same meaning, so last-writer-wins loses
 * nothing.
 */
public final class DynamoDbUsedTotpCodes implements UsedTotpCodes {
    private final SingleUseMarks marks;

    public DynamoDbUsedTotpCodes(DynamoDbClient dynamo, String table, String region) {
        this.marks = new SingleUseMarks(dynamo, table, region);
    }

    @Override
    public boolean claim(String sub, long step, Instant forgetAfter) {
        return marks.claim("TOTP#" + sub, "STEP#" + step, forgetAfter);
    }
}
