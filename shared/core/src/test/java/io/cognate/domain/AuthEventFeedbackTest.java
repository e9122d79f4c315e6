package io.cognate.domain;

import static io.cognate.testing.CognitoAssertions.assertRefused;

import io.cognate.testing.InMemoryRegion;
import org.junit.jupiter.api.Test;

/**
 * UpdateAuthEventFeedback on a pool without threat protection: Cognito's
 * {@code UserPoolAddOnNotEnabledException}, the same for every caller, whoever they name.
 */
class AuthEventFeedbackTest {
    private final AuthEventFeedback feedback = new AuthEventFeedback(InMemoryRegion.USER_POOL_ID);

    @Test
    void thePoolHasNoThreatProtectionSoThereIsNoEventToGiveFeedbackOn() {
        assertRefused(() -> feedback.update(InMemoryRegion.USER_POOL_ID), "UserPoolAddOnNotEnabledException")
                .hasMessage(AuthEventFeedback.NOT_ENABLED);
    }

    @Test
    void anotherPoolDoesNotExistHere() {
        assertRefused(() -> feedback.update("eu-west-1_Elsewhere"), "ResourceNotFoundException")
                .hasMessage("User pool eu-west-1_Elsewhere does not exist.");
    }
}
