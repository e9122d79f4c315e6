package io.cognate.ports;

import io.cognate.testing.FakeTriggerInvoker;
import io.cognate.testing.contracts.TriggerInvokerContract;
import java.util.List;

/** The in-memory triggers the domain tests use behave as the real invokers do. */
class FakeTriggerInvokerContractTest extends TriggerInvokerContract {
    private final FakeTriggerInvoker invoker = new FakeTriggerInvoker();

    @Override
    protected TriggerInvoker invoker() {
        return invoker;
    }

    @Override
    protected String answering(String body) {
        invoker.serve("fake://answering", event -> body);
        return "fake://answering";
    }

    @Override
    protected String failing(String errorMessage) {
        invoker.serve("fake://failing", event -> {
            throw new TriggerInvoker.TriggerFailed(TriggerInvoker.TriggerFailed.Kind.FUNCTION_ERROR, errorMessage);
        });
        return "fake://failing";
    }

    @Override
    protected String unreachable() {
        return "fake://nobody";
    }

    @Override
    protected String lastEventReceived() {
        List<String> events = invoker.events();
        return events.getLast();
    }
}
