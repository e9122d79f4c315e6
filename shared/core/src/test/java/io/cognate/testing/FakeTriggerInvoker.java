package io.cognate.testing;

import io.cognate.ports.TriggerInvoker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Triggers as functions of the event JSON, by target; every event received is kept, in order, so a
 * test can read what a trigger was sent. A target with no function is unreachable.
 */
public final class FakeTriggerInvoker implements TriggerInvoker {
    /** One trigger: the event JSON in, the response JSON out, or a failure. */
    @FunctionalInterface
    public interface Function {
        String answer(String eventJson) throws TriggerFailed;
    }

    private final Map<String, Function> functions = new ConcurrentHashMap<>();
    private final List<String> events = new ArrayList<>();

    public FakeTriggerInvoker serve(String target, Function function) {
        functions.put(target, function);
        return this;
    }

    /** Every event sent so far, oldest first. */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public String invoke(String target, String eventJson) throws TriggerFailed {
        synchronized (this) {
            events.add(eventJson);
        }
        Function function = functions.get(target);
        if (function == null) {
            throw new TriggerFailed(TriggerFailed.Kind.UNAVAILABLE, "ResourceNotFoundException");
        }
        return function.answer(eventJson);
    }
}
