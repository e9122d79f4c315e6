package io.cognate.domain.triggers;

/**
 * The triggers Cognate invokes, each with its {@link LambdaConfig} member. The other members
 * (UserMigration, the custom-auth challenges, the custom senders) are stored and shown by
 * DescribeUserPool but not invoked yet.
 */
public enum Trigger {
    PRE_SIGN_UP("PreSignUp"),
    POST_CONFIRMATION("PostConfirmation"),
    PRE_AUTHENTICATION("PreAuthentication"),
    POST_AUTHENTICATION("PostAuthentication"),
    CUSTOM_MESSAGE("CustomMessage"),
    /** Set as {@code PreTokenGeneration} or {@code PreTokenGenerationConfig}; LambdaConfig keeps both in step. */
    PRE_TOKEN_GENERATION("PreTokenGeneration");

    private final String member;

    Trigger(String member) {
        this.member = member;
    }

    /** The LambdaConfig member, which is also the name Cognito's error messages give the trigger. */
    public String member() {
        return member;
    }
}
