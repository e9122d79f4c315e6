package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.adapters.aws.DynamoDbRevocations;
import io.cognate.adapters.aws.DynamoDbSessionStore;
import io.cognate.domain.RefreshTokenRecord;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.Revocations;
import io.cognate.testing.contracts.RevocationsContract;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The {@link RevocationsContract} on {@link DynamoDbRevocations}, against DynamoDB Local.
 * Both regions write the one table here, so nothing waits on replication.
 */
class DynamoDbRevocationsContractTest extends RevocationsContract {
    private static final TableNames TABLES = ContractDynamoDb.tables("revocations-contract");

    @Override
    protected Revocations revocationsIn(String region) {
        return new DynamoDbRevocations(ContractDynamoDb.client(), TABLES.sessions(), region);
    }

    /** A refresh token's record and its revocations share one partition of the Sessions table. */
    @Test
    void aRefreshTokensRecordAndItsRevocationsDoNotStandForEachOther() {
        var sessions = new DynamoDbSessionStore(ContractDynamoDb.client(), TABLES.sessions());
        Revocations revocations = revocationsIn("us-east-1");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String revokedFirst = "hash-" + UUID.randomUUID();
        // Revoked where the record has not arrived yet; the record, replicating late, is still saved.
        revocations.revokeRefreshToken(revokedFirst, now, now.plus(Duration.ofDays(30)));
        RefreshTokenRecord lateRecord = record(revokedFirst, now);
        sessions.saveRefreshToken(lateRecord);
        assertThat(sessions.findRefreshToken(revokedFirst)).contains(lateRecord);
        assertThat(revocations.isRefreshTokenRevoked(revokedFirst)).isTrue();

        String neverRevoked = "hash-" + UUID.randomUUID();
        sessions.saveRefreshToken(record(neverRevoked, now));
        assertThat(revocations.isRefreshTokenRevoked(neverRevoked)).isFalse();
    }

    private static RefreshTokenRecord record(String tokenHash, Instant issuedAt) {
        return new RefreshTokenRecord(tokenHash, "sub-" + UUID.randomUUID(), "client-1", "jti-" + UUID.randomUUID(),
                issuedAt, issuedAt, issuedAt.plus(Duration.ofDays(30)), "eu-west-1");
    }
}
