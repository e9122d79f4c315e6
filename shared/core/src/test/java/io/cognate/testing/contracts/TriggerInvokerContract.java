package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.ports.TriggerInvoker;
import io.cognate.ports.TriggerInvoker.TriggerFailed;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TriggerInvoker} does: the event reaches the function as sent, the function's
 * answer comes back as it was given (judging it is the domain's business), a function that throws
 * is a {@code FUNCTION_ERROR} carrying its message, and one that cannot be reached is
 * {@code UNAVAILABLE}.
 */
public abstract class TriggerInvokerContract {
    protected abstract TriggerInvoker invoker();

    /** A target whose function answers {@code body} to every event. */
    protected abstract String answering(String body);

    /** A target whose function throws with {@code errorMessage}. */
    protected abstract String failing(String errorMessage);

    /** A target nothing serves. */
    protected abstract String unreachable();

    /** The last event a function of this invoker received. */
    protected abstract String lastEventReceived();

    @Test
    void theEventArrivesAsSentAndTheAnswerComesBackAsGiven() throws TriggerFailed {
        String target = answering("{\"response\":{\"autoConfirmUser\":true}}");
        String event = "{\"version\":\"1\",\"triggerSource\":\"PreSignUp_SignUp\",\"userName\":\"Zoë\"}";

        String answer = invoker().invoke(target, event);

        assertThat(answer).isEqualTo("{\"response\":{\"autoConfirmUser\":true}}");
        assertThat(lastEventReceived()).isEqualTo(event);
    }

    @Test
    void aMalformedAnswerIsReturnedForTheDomainToJudge() throws TriggerFailed {
        assertThat(invoker().invoke(answering("not json {"), "{}")).isEqualTo("not json {");
    }

    @Test
    void aFunctionThatThrowsIsAFunctionErrorWithItsMessage() {
        String target = failing("Sign-ups from this domain are closed");

        assertThatThrownBy(() -> invoker().invoke(target, "{}")).isInstanceOfSatisfying(TriggerFailed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(TriggerFailed.Kind.FUNCTION_ERROR);
            assertThat(failed.getMessage()).isEqualTo("Sign-ups from this domain are closed");
        });
    }

    @Test
    void aFunctionNobodyServesIsUnavailable() {
        String target = unreachable();

        assertThatThrownBy(() -> invoker().invoke(target, "{}")).isInstanceOfSatisfying(TriggerFailed.class,
                failed -> assertThat(failed.kind()).isEqualTo(TriggerFailed.Kind.UNAVAILABLE));
    }
}
