package io.cognate.domain.triggers;

/**
 * The triggers Cognate invokes, each with its {@link LambdaConfig} member. The other members
 * (CustomSMSSender) are stored and shown by DescribeUserPool but not invoked yet.
 */
public enum Trigger {
    PRE_SIGN_UP("PreSignUp"),
    POST_CONFIRMATION("PostConfirmation"),
    PRE_AUTHENTICATION("PreAuthentication"),
    POST_AUTHENTICATION("PostAuthentication"),
    CUSTOM_MESSAGE("CustomMessage"),
    DEFINE_AUTH_CHALLENGE("DefineAuthChallenge"),
    CREATE_AUTH_CHALLENGE("CreateAuthChallenge"),
    VERIFY_AUTH_CHALLENGE_RESPONSE("VerifyAuthChallengeResponse"),
    CUSTOM_EMAIL_SENDER("CustomEmailSender", "CustomEmailSender.LambdaArn"),
    USER_MIGRATION("UserMigration"),
    /** Set as {@code PreTokenGeneration} or {@code PreTokenGenerationConfig}; LambdaConfig keeps both in step. */
    PRE_TOKEN_GENERATION("PreTokenGeneration");

    private final String member;
    private final String entry;

    Trigger(String member) {
        this(member, member);
    }

    Trigger(String member, String entry) {
        this.member = member;
        this.entry = entry;
    }

    /** The {@link LambdaConfig} entry that holds the function: the member, or its {@code LambdaArn}. */
    public String entry() {
        return entry;
    }

    /** The LambdaConfig member, which is also the name Cognito's error messages give the trigger. */
    public String member() {
        return member;
    }
}
