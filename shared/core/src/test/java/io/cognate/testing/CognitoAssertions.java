package io.cognate.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.CognitoException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the Cognito errors the services answer with. */
public final class CognitoAssertions {
    private CognitoAssertions() {
    }

    /**
     * Asserts that {@code call} throws a {@link CognitoException} of Cognito type {@code type}
     * (its {@code __type} on the wire), and returns the assertion for its message.
     */
    public static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(ThrowingCallable call, String type) {
        return assertThatThrownBy(call)
                .isInstanceOf(CognitoException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((CognitoException) e).type())
                        .as("Cognito error type").isEqualTo(type));
    }
}
