package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbSendBudgets;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.SendBudgets;
import io.cognate.testing.contracts.SendBudgetsContract;

/** The {@link SendBudgetsContract} on {@link DynamoDbSendBudgets}, against DynamoDB Local. */
class DynamoDbSendBudgetsContractTest extends SendBudgetsContract {
    private static final TableNames TABLES = ContractDynamoDb.tables("budgets-contract");

    @Override
    protected SendBudgets newSendBudgets() {
        return new DynamoDbSendBudgets(ContractDynamoDb.client(), TABLES.lockout());
    }
}
