package io.cognate.domain;

/**
 * A failure the caller is told about, named as Cognito names it ({@code __type} on the wire),
 * so existing Cognito clients raise their usual exception classes.
 */
public final class CognitoException extends RuntimeException {
    private final String type;

    public CognitoException(String type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    public String type() {
        return type;
    }

    public static CognitoException notAuthorized(String message) {
        return new CognitoException("NotAuthorizedException", message);
    }

    public static CognitoException invalidParameter(String message) {
        return new CognitoException("InvalidParameterException", message);
    }

    /** {@code parameters}' value of {@code name}; absent or empty is Cognito's "Missing required parameter". */
    public static String requiredParameter(java.util.Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            throw invalidParameter("Missing required parameter " + name);
        }
        return value;
    }

    public static CognitoException invalidPassword(String message) {
        return new CognitoException("InvalidPasswordException", message);
    }

    public static CognitoException resourceNotFound(String message) {
        return new CognitoException("ResourceNotFoundException", message);
    }

    public static CognitoException usernameExists() {
        return new CognitoException("UsernameExistsException", "User already exists");
    }

    public static CognitoException userNotConfirmed() {
        return new CognitoException("UserNotConfirmedException", "User is not confirmed.");
    }

    /** A user an administrator reset must set a new password with the code sent (ConfirmForgotPassword). */
    public static CognitoException passwordResetRequired() {
        return new CognitoException("PasswordResetRequiredException", "Password reset required for the user");
    }

    public static CognitoException userNotFound() {
        return new CognitoException("UserNotFoundException", "User does not exist.");
    }

    public static CognitoException codeMismatch() {
        return new CognitoException("CodeMismatchException", "Invalid verification code provided, please try again.");
    }

    /** Cognito's throttling answer: retry later. */
    public static CognitoException tooManyRequests() {
        return new CognitoException("TooManyRequestsException", "Too many requests for this user; retry shortly.");
    }

    /** Cognito's answer when a user has asked for too many codes. */
    public static CognitoException limitExceeded() {
        return new CognitoException("LimitExceededException", "Attempt limit exceeded, please try after some time.");
    }

    public static CognitoException expiredCode() {
        return new CognitoException("ExpiredCodeException", "Invalid code provided, please request a code again.");
    }

    /** Cognito's answer for a feature of an add-on (threat protection) the pool does not have. */
    public static CognitoException userPoolAddOnNotEnabled(String message) {
        return new CognitoException("UserPoolAddOnNotEnabledException", message);
    }

    public static CognitoException unsupportedOperation(String message) {
        return new CognitoException("UnsupportedOperationException", message);
    }

    /** Cognito's own answer for an operation a replica region does not serve. */
    public static CognitoException readOnlyReplica(String region, String activeRegion) {
        return new CognitoException("OperationNotEnabledException",
                "Region " + region + " is a read-only replica; writes are accepted by the active region "
                        + activeRegion + ".");
    }

    /**
     * A write this region would forward to the leader that cannot be forwarded now. Cognito's
     * {@code InternalErrorException} (HTTP 500): the AWS SDKs retry a 500 (SDK for Java v2's
     * retryable status codes are 500, 502, 503 and 504; botocore's and the JavaScript SDK's too),
     * so a caller's SDK tries again by itself, and the write goes through once the leader answers
     * or this region is promoted.
     */
    public static CognitoException leaderUnreachable(String region, String why) {
        return new CognitoException("InternalErrorException", "Region " + region
                + " could not forward this write to the active region: " + why + ". Retry: the write is accepted "
                + "once the active region answers, or here once this region is promoted.");
    }

    public static CognitoException internal() {
        return new CognitoException("InternalErrorException", "Internal error.");
    }
}
