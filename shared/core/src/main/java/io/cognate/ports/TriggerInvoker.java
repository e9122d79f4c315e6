package io.cognate.ports;

/**
 * Runs one trigger: the event as Cognito's JSON in, the function's answer as JSON out. A target is
 * a Lambda function ARN or, on the local stack, an {@code http://} URL. The answer is returned as
 * received; {@code io.cognate.domain.triggers.Triggers} reads it and decides what a malformed one
 * means.
 */
public interface TriggerInvoker {
    String invoke(String target, String eventJson) throws TriggerFailed;

    /**
     * Hands the event over and returns without the function's answer, as Lambda's asynchronous
     * invocation does (Cognito invokes its custom sender triggers so): a function that fails is
     * retried by Lambda, twice, and its failure never reaches the caller. Throws only when the event
     * could not be handed over (no such function, access denied, unreachable). An invoker that
     * cannot queue runs the function now and drops its answer and its error alike.
     */
    default void invokeAsync(String target, String eventJson) throws TriggerFailed {
        try {
            invoke(target, eventJson);
        } catch (TriggerFailed failed) {
            if (failed.kind() == TriggerFailed.Kind.UNAVAILABLE) {
                throw failed;
            }
        }
    }

    /** The invocation gave no answer: the function failed, timed out, or could not be reached. */
    final class TriggerFailed extends Exception {
        private final Kind kind;

        public TriggerFailed(Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        public enum Kind {
            /** The function ran and threw; the message is its error message, which Cognito passes on. */
            FUNCTION_ERROR,
            /** No answer in time, throttled past the retry, or unreachable. */
            UNAVAILABLE
        }
    }
}
