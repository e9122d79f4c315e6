package io.cognate.domain;

/**
 * UpdateAuthEventFeedback: a user's "this sign-in was (not) me" about an event that Cognito's
 * threat protection (advanced security) recorded, authenticated by the {@code FeedbackToken}
 * Cognito puts in its notification e-mail about that event. Cognito answers
 * {@code UserPoolAddOnNotEnabledException} in a pool without the add-on, and this pool is one:
 * Cognate records no risk-rated events and issues no feedback tokens. No request can therefore
 * carry a token that proves anything, and this answers every request as Cognito would.
 *
 * <p>Why not "accepted, recorded". Feedback that no token authenticates is feedback from anyone
 * about anyone: storing it would let an anonymous caller write into a user's record at will (an
 * unbounded write to defend with budgets, and data nothing reads), and answering differently
 * for a known and an unknown {@code Username} would tell who exists. Here nothing is looked up
 * and nothing is written: the username, event id, token and value are not read past the model's
 * checks, the answer is the same bytes for every caller and costs the same, and it is the same
 * in every region (it is not a write, and promoting another region would not enable the add-on).
 */
public final class AuthEventFeedback {
    static final String NOT_ENABLED = "Threat protection (advanced security) is not enabled for this user pool; "
            + "it records no authentication events to give feedback on.";

    private final String userPoolId;

    public AuthEventFeedback(String userPoolId) {
        this.userPoolId = userPoolId;
    }

    /**
     * Always refuses: {@code ResourceNotFoundException} for a pool other than this one, as
     * Cognito names a pool it does not have, else {@code UserPoolAddOnNotEnabledException}.
     */
    public void update(String requestedUserPoolId) {
        if (!userPoolId.equals(requestedUserPoolId)) {
            throw CognitoException.resourceNotFound("User pool " + requestedUserPoolId + " does not exist.");
        }
        throw CognitoException.userPoolAddOnNotEnabled(NOT_ENABLED);
    }
}
