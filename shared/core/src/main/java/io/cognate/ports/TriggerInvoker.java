package io.cognate.ports;

/**
 * Runs one trigger: the event as Cognito's JSON in, the function's answer as JSON out. A target is
 * a Lambda function ARN or, on the local stack, an {@code http://} URL. The answer is returned as
 * received; {@code io.cognate.domain.triggers.Triggers} reads it and decides what a malformed one
 * means.
 */
public interface TriggerInvoker {
    String invoke(String target, String eventJson) throws TriggerFailed;

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
