package io.cognate.adapters.triggers;

import io.cognate.ports.TriggerInvoker;

/**
 * Sends an {@code http://} target to the HTTP invoker and everything else (a Lambda ARN) to the
 * Lambda invoker. Which targets may be URLs is decided when they are configured
 * ({@code LambdaConfig.checked}), so in AWS none ever reaches here.
 */
public final class RoutingTriggerInvoker implements TriggerInvoker {
    private final TriggerInvoker lambda;
    private final TriggerInvoker http;

    public RoutingTriggerInvoker(TriggerInvoker lambda, TriggerInvoker http) {
        this.lambda = lambda;
        this.http = http;
    }

    @Override
    public String invoke(String target, String eventJson) throws TriggerFailed {
        return target.startsWith("http://") ? http.invoke(target, eventJson) : lambda.invoke(target, eventJson);
    }

    @Override
    public void invokeAsync(String target, String eventJson) throws TriggerFailed {
        if (target.startsWith("http://")) {
            http.invokeAsync(target, eventJson);
        } else {
            lambda.invokeAsync(target, eventJson);
        }
    }
}
