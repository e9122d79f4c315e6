package io.cognate.ports;

import io.cognate.testing.InMemorySendBudgets;
import io.cognate.testing.contracts.SendBudgetsContract;

class InMemorySendBudgetsContractTest extends SendBudgetsContract {
    @Override
    protected SendBudgets newSendBudgets() {
        return new InMemorySendBudgets();
    }
}
