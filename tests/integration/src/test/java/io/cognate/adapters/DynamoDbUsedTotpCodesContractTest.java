package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbUsedTotpCodes;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.UsedTotpCodes;
import io.cognate.testing.contracts.UsedTotpCodesContract;

/**
 * The {@link UsedTotpCodesContract} on {@link DynamoDbUsedTotpCodes}, against DynamoDB Local.
 * Both regions write the one table here, so nothing waits on replication.
 */
class DynamoDbUsedTotpCodesContractTest extends UsedTotpCodesContract {
    private static final TableNames TABLES = ContractDynamoDb.tables("totp-contract");

    @Override
    protected UsedTotpCodes usedCodesIn(String region) {
        return new DynamoDbUsedTotpCodes(ContractDynamoDb.client(), TABLES.sessions(), region);
    }
}
