package io.cognate.domain.forwarding;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Cognito operations a region that does not lead forwards to the leader: every one whose
 * service call reaches a fenced Directory write (the write fence, {@code WriteFence.run}), read from
 * Cognito's model ({@code cognito-idp.service-2.json}) and Cognate's services. Forwarding happens
 * before the operation does anything here, so nothing is half applied in this region and every
 * count (code guesses, code sends, the SignUp idempotency record) is kept at the leader only.
 *
 * <p>Not forwarded, because they write only region-local or per-region state and keep working in
 * every region as before: the sign-in flows (InitiateAuth, AdminInitiateAuth and the challenges but
 * NEW_PASSWORD_REQUIRED: lockout counters, sessions, used TOTP codes), refresh, RevokeToken,
 * GlobalSignOut, AdminUserGlobalSignOut (the Sessions table, writable in every region),
 * UpdateAuthEventFeedback and AdminUpdateAuthEventFeedback (events, written unfenced), and every
 * read. The import jobs are forwarded like any management write: the leader makes the job, its
 * upload URL names the leader's bucket, and the leader runs it. A sign-in that moves a user in
 * (lazy migration) stays here; only the creation goes to the leader, as {@link #MIGRATE_USER}.
 */
public final class WriteOperations {
    /** The challenge whose answer stores a password: RespondToAuthChallenge is forwarded for it only. */
    public static final String NEW_PASSWORD_REQUIRED = "NEW_PASSWORD_REQUIRED";

    static final Set<String> ALWAYS = Set.of(
            // The user's own account.
            "SignUp", "ConfirmSignUp", "ResendConfirmationCode", "ForgotPassword", "ConfirmForgotPassword",
            "ChangePassword", "UpdateUserAttributes", "DeleteUserAttributes", "DeleteUser",
            "GetUserAttributeVerificationCode", "VerifyUserAttribute", "SetUserSettings",
            // MFA and passkey enrolment, remembered devices.
            "AssociateSoftwareToken", "VerifySoftwareToken", "SetUserMFAPreference",
            "StartWebAuthnRegistration", "CompleteWebAuthnRegistration", "DeleteWebAuthnCredential",
            "ConfirmDevice", "ForgetDevice", "UpdateDeviceStatus",
            // Admin writes (SigV4 with an admin key).
            "AdminCreateUser", "AdminDeleteUser", "AdminConfirmSignUp", "AdminDisableUser", "AdminEnableUser",
            "AdminUpdateUserAttributes", "AdminDeleteUserAttributes", "AdminResetUserPassword",
            "AdminSetUserPassword", "AdminSetUserMFAPreference", "AdminAddUserToGroup", "AdminRemoveUserFromGroup",
            // Management writes.
            "CreateGroup", "UpdateGroup", "DeleteGroup", "CreateUserPoolClient", "UpdateUserPoolClient",
            "DeleteUserPoolClient", "UpdateUserPool", "AddCustomAttributes", "DeleteUserPool",
            "CreateUserImportJob", "StartUserImportJob", "StopUserImportJob",
            // Federation: identity providers, resource servers, links of upstream identities.
            "CreateIdentityProvider", "UpdateIdentityProvider", "DeleteIdentityProvider",
            "CreateResourceServer", "UpdateResourceServer", "DeleteResourceServer",
            "AdminLinkProviderForUser", "AdminDisableProviderForUser",
            // The hosted pages' branding, stored with the pool's settings.
            "SetUICustomization");
    static final Set<String> BY_CHALLENGE = Set.of("RespondToAuthChallenge", "AdminRespondToAuthChallenge");
    /**
     * Cognate's own operation for a federated sign-in that must write (a new federated user, changed
     * attributes) at a region that does not lead: it carries the upstream identity the sending
     * region verified. Not Cognito's, and served only as a forwarded request, whose region-to-region
     * signature is what makes the identity trusted; asked directly, it is an unknown operation.
     */
    public static final String FEDERATED_SIGN_IN = "CognateFederatedSignIn";
    /**
     * Cognate's own operation for a lazy migration at a region that does not lead: the sign-in's
     * client, username, password and ClientMetadata go to the leader, which asks the legacy pool
     * (or the UserMigration trigger) itself and moves the user in. Served only when forwarded,
     * like {@link #FEDERATED_SIGN_IN}.
     */
    public static final String MIGRATE_USER = "CognateMigrateUser";
    /**
     * Cognate's own operations for the hosted account pages' writes ({@code /signup},
     * {@code /confirmUser}, {@code /forgotPassword}, {@code /confirmForgotPassword}) at a region that
     * does not lead: the region that served the page checked its CSRF token and authorization
     * request, and the leader runs the same service call the page runs where it leads. Not Cognito's
     * SignUp and friends, because those need the {@code SecretHash} of a client with a secret, which
     * no hosted page has (Cognito's managed login never asks for it); so, as
     * {@link #FEDERATED_SIGN_IN}, served only as a forwarded request.
     */
    public static final Set<String> HOSTED_ACCOUNT = Set.of("CognateHostedSignUp", "CognateHostedConfirmSignUp",
            "CognateHostedForgotPassword", "CognateHostedConfirmForgotPassword");
    private static final Set<String> ONLY_FORWARDED = Stream.concat(Stream.of(FEDERATED_SIGN_IN, MIGRATE_USER),
            HOSTED_ACCOUNT.stream()).collect(Collectors.toUnmodifiableSet());

    private WriteOperations() {
    }

    /** Whether {@code operation}, answering {@code challengeName} if it is a challenge answer, is forwarded. */
    public static boolean forwarded(String operation, Optional<String> challengeName) {
        return ALWAYS.contains(operation) || ONLY_FORWARDED.contains(operation)
                || (BY_CHALLENGE.contains(operation) && challengeName.filter(NEW_PASSWORD_REQUIRED::equals).isPresent());
    }

    /** Whether a forwarded request may name {@code operation} at all (the challenge is checked when it runs). */
    static boolean mayBeForwarded(String operation) {
        return ALWAYS.contains(operation) || BY_CHALLENGE.contains(operation) || ONLY_FORWARDED.contains(operation);
    }

    /** Whether {@code operation} is served only when another region forwarded it. */
    public static boolean servedOnlyWhenForwarded(String operation) {
        return ONLY_FORWARDED.contains(operation);
    }
}
