package io.cognate.domain;

import io.cognate.domain.mfa.MfaEnrolment;
import io.cognate.domain.mfa.MfaSettings;
import io.cognate.domain.sessions.SessionService;
import io.cognate.domain.triggers.Triggers;
import io.cognate.ports.CodeDelivery;
import io.cognate.ports.UserDirectory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The administrator's user operations, in Cognito's terms: invitation (AdminCreateUser), the
 * user's status (confirm, disable, enable, delete), passwords (set, reset), attributes, MFA
 * preference and global sign-out. Each names this pool ({@code ResourceNotFoundException}
 * otherwise) and a user by username; an unknown user is {@code UserNotFoundException}, as
 * Cognito answers administrators.
 *
 * <p>Every Directory write runs behind the {@link WriteFence} and reads the user inside it, so a
 * write is conditional on the version it read ({@link UserDirectory#update}) and one that lost a
 * race is decided again on the latest copy. Passwords are stored as every password is
 * ({@link PasswordRecords}: hash and SRP verifier together) after the pool's policy; codes and
 * invitations go out through {@link CodeDelivery} like every code (or to the pool's custom
 * e-mail sender, {@link Triggers#deliver}); the reset code is
 * ForgotPassword's ({@link AccountService#requireReset}); sign-out is GlobalSignOut's
 * ({@link SessionService#signOutEverywhere}); the MFA preference SetUserMFAPreference's
 * ({@link MfaEnrolment#setPreferenceOf}).
 */
public final class AdminUsers {
    /** The purpose of an invitation's delivery: its "code" is the temporary password. */
    public static final String INVITATION = "AdminCreateUser";
    static final String RESEND = "RESEND";
    static final String SUPPRESS = "SUPPRESS";
    /** Cognito's answer where an SMS would be needed and the pool has no SMS configuration. */
    static final String NO_SMS_CONFIGURATION = "User pool does not have SMS configuration to send messages.";
    private static final int TEMPORARY_PASSWORD_LENGTH = 16;
    // Characters that cannot be misread for one another in a mail (no l/1, O/0), and symbols that
    // survive HTML mail, URLs and the CLI's shorthand syntax (no <, >, &, quotes, comma or =).
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "!#%*-.?@^_";

    private final String userPoolId;
    private final String region;
    private final UserDirectory directory;
    private final WriteFence fence;
    private final CodeDelivery codeDelivery;
    private final PoolRules rules;
    private final PasswordRecords passwords;
    private final AccountService accounts;
    private final SessionService sessions;
    private final MfaEnrolment mfa;
    private final SecureRandom random;
        private final Clock clock;

    private final Triggers triggers;

    public AdminUsers(String userPoolId, String region, UserDirectory directory, WriteFence fence,
                      CodeDelivery codeDelivery, PoolRules rules, PasswordRecords passwords,
                      AccountService accounts, SessionService sessions, MfaEnrolment mfa, SecureRandom random,
                      Clock clock, Triggers triggers) {
        this.triggers = triggers;
        this.userPoolId = userPoolId;
        this.region = region;
        this.directory = directory;
        this.fence = fence;
        this.codeDelivery = codeDelivery;
        this.rules = rules;
        this.passwords = passwords;
        this.accounts = accounts;
        this.sessions = sessions;
        this.mfa = mfa;
        this.random = random;
        this.clock = clock;
    }

    /**
     * AdminCreateUser's request. {@code messageAction} is null (send the invitation),
     * {@code RESEND} or {@code SUPPRESS}; {@code temporaryPassword} null means one is made.
     */
    public record Invitation(String username, List<UserAttributes.Attribute> attributes, String temporaryPassword,
                             String messageAction, List<String> desiredDeliveryMediums,
                             Map<String, String> validationData, Map<String, String> clientMetadata) {
        /** An invitation without data for the triggers. */
        public Invitation(String username, List<UserAttributes.Attribute> attributes, String temporaryPassword,
                          String messageAction, List<String> desiredDeliveryMediums) {
            this(username, attributes, temporaryPassword, messageAction, desiredDeliveryMediums, Map.of(), Map.of());
        }

        public Invitation {
            attributes = List.copyOf(attributes);
            desiredDeliveryMediums = List.copyOf(desiredDeliveryMediums);
            validationData = Map.copyOf(validationData);
            clientMetadata = Map.copyOf(clientMetadata);
        }

        @Override
        public String toString() {
            return "Invitation[username=" + username + ", messageAction=" + messageAction + "]";
        }
    }

    /** What AdminCreateUser answers: the user as stored. */
    public User create(String requestedPoolId, Invitation invitation) {
        requirePool(requestedPoolId);
        Username username = Username.of(invitation.username());
        boolean send = !SUPPRESS.equals(invitation.messageAction());
        if (send) {
            requireEmailDelivery(invitation.desiredDeliveryMediums());
        }
        String temporary = invitation.temporaryPassword();
        if (temporary == null) {
            temporary = temporaryPassword(rules.passwordPolicy(), random);
        } else {
            rules.checkPassword(temporary);
        }
        String password = temporary;
        if (RESEND.equals(invitation.messageAction())) {
            return resend(username, password);
        }
        Map<String, String> attributes = new LinkedHashMap<>(UserAttributes.fromAdmin(invitation.attributes()));
        if (!attributes.containsKey("email")) {
            throw CognitoException.invalidParameter("Attributes did not conform to the schema: email: The attribute is required");
        }
        // The pool's custom-attribute schema holds for administrators' writes as for users'.
        rules.checkSignUpAttributes(attributes);
        // PreSignUp before anything is written; for an administrator's user only its
        // autoVerifyEmail counts (the user still sets a password of their own), as in Cognito.
        Triggers.SignUpDecision decision = triggers.preSignUp("PreSignUp_AdminCreateUser", null, username.value(),
                attributes, invitation.validationData(), invitation.clientMetadata());
        if (decision.autoVerifyEmail()) {
            attributes.put("email_verified", "true");
        }
        attributes.putIfAbsent("email_verified", "false");
        String sub = UUID.randomUUID().toString();
        Triggers.CodeMessage message = Triggers.POOL_TEMPLATE;
        if (send) {
            var eventAttributes = new LinkedHashMap<String, String>();
            eventAttributes.put("sub", sub);
            eventAttributes.putAll(attributes);
            eventAttributes.put("cognito:user_status", UserStatus.FORCE_CHANGE_PASSWORD.name());
            message = triggers.codeMessage("AdminCreateUser", null, username.value(), eventAttributes,
                    password, invitation.clientMetadata());
        }
        Triggers.CodeMessage invitationMessage = message;
        return fence.run(leader -> {
            Instant now = clock.instant();
            PasswordRecords.Stored stored = passwords.make(sub, username, password);
            User user = new User(sub, username, UserStatus.FORCE_CHANGE_PASSWORD, true, attributes, stored.hash(),
                    Optional.empty(), now, now, 0, stored.srpVerifier(), Optional.of(now.plus(rules.temporaryPasswordValidity())));
            try {
                directory.create(user, leader);
            } catch (UserDirectory.UsernameTaken taken) {
                throw new CognitoException("UsernameExistsException", "User account already exists");
            }
            if (send) {
                invite(user, password, invitationMessage);
            }
            return user.stored(1);
        });
    }

    /** MessageAction RESEND: a new temporary password, and its invitation, for a user who has not used theirs. */
    private User resend(Username username, String password) {
        return fence.run(leader -> {
            User user = directory.findByUsername(username).orElseThrow(CognitoException::userNotFound);
            if (user.status() != UserStatus.FORCE_CHANGE_PASSWORD) {
                throw new CognitoException("UnsupportedUserStateException",
                        "Resend not possible. " + user.username().value() + " status is not FORCE_CHANGE_PASSWORD.");
            }
            Instant now = clock.instant();
            Triggers.CodeMessage message = triggers.codeMessage("AdminCreateUser", null,
                    user.username().value(), Triggers.eventAttributes(user), password);
            PasswordRecords.Stored stored = passwords.make(user.sub(), user.username(), password);
            User updated = directory.update(user.withTemporaryPassword(stored.hash(), stored.srpVerifier(),
                    now.plus(rules.temporaryPasswordValidity()), now), leader);
            invite(updated, password, message);
            return updated;
        });
    }

    /**
     * The invitation goes out as every code does (a {@code CodeDeliveryRequested} event, whose
     * consumer sends the mail, or the pool's CustomEmailSender, encrypted): the temporary password
     * rides in the code's place, with the protections a code has (never in a log line, never in a
     * {@code toString}).
     */
    private void invite(User user, String temporaryPassword, Triggers.CodeMessage message) {
        String email = user.attribute("email").orElseThrow();
        triggers.deliver(message, codeDelivery, new CodeDelivery.Request(user.username().value(), email, "EMAIL",
                temporaryPassword, INVITATION, region));
    }

    /**
     * This pool delivers by e-mail only. Asking for SMS is refused as Cognito refuses it in a pool
     * without an SMS configuration; no medium named means e-mail, the one the pool has (Cognito's
     * default, SMS, could never be delivered here).
     */
    private static void requireEmailDelivery(List<String> mediums) {
        if (mediums.contains("SMS")) {
            throw CognitoException.invalidParameter(NO_SMS_CONFIGURATION);
        }
    }

    /**
     * A temporary password the pool's policy accepts: {@value #TEMPORARY_PASSWORD_LENGTH} characters
     * (at least the policy's minimum) from a {@link SecureRandom}, with a lower- and an upper-case
     * letter, a digit and a symbol in random places.
     */
    static String temporaryPassword(PasswordPolicy policy, SecureRandom random) {
        int length = Math.max(TEMPORARY_PASSWORD_LENGTH, policy.minimumLength());
        String all = LOWER + UPPER + DIGITS + SYMBOLS;
        while (true) {
            char[] password = new char[length];
            password[0] = pick(LOWER, random);
            password[1] = pick(UPPER, random);
            password[2] = pick(DIGITS, random);
            password[3] = pick(SYMBOLS, random);
            for (int i = 4; i < length; i++) {
                password[i] = pick(all, random);
            }
            for (int i = length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                char swap = password[i];
                password[i] = password[j];
                password[j] = swap;
            }
            String candidate = new String(password);
            try {
                policy.check(candidate);
                return candidate;
            } catch (CognitoException refused) {
                // A common password by chance: draw again.
            }
        }
    }

    private static char pick(String characters, SecureRandom random) {
        return characters.charAt(random.nextInt(characters.length()));
    }

    /** AdminGetUser. */
    public User get(String requestedPoolId, String rawUsername) {
        requirePool(requestedPoolId);
        return find(rawUsername);
    }

    /** The user's MFA settings, as AdminGetUser reports them. */
    public MfaSettings mfaSettingsOf(User user) {
        return mfa.settingsOf(user.sub());
    }

    /** AdminDeleteUser: the user, its username, MFA settings, passkeys and devices go together. */
    public void delete(String requestedPoolId, String rawUsername) {
        requirePool(requestedPoolId);
        Username username = Username.of(rawUsername);
        fence.run(leader -> {
            User user = directory.findByUsername(username).orElseThrow(CognitoException::userNotFound);
            try {
                directory.delete(user, leader);
            } catch (IllegalStateException goneMeanwhile) {
                throw CognitoException.userNotFound();
            }
            return null;
        });
    }

    /**
     * AdminDisableUser: no sign-in from now on (a right password answers {@code User is disabled.}),
     * no refresh (the refresh path reads the user, in every region), and every session the user
     * has is ended as by GlobalSignOut, so access tokens stop working too.
     */
    public void disable(String requestedPoolId, String rawUsername) {
        requirePool(requestedPoolId);
        User disabled = write(rawUsername, (user, now) -> user.withEnabled(false, now));
        sessions.signOutEverywhere(disabled.sub());
    }

    /** AdminEnableUser. */
    public void enable(String requestedPoolId, String rawUsername) {
        requirePool(requestedPoolId);
        write(rawUsername, (user, now) -> user.withEnabled(true, now));
    }

    /**
     * AdminSetUserPassword: a permanent password confirms the user; a temporary one puts the user
     * in FORCE_CHANGE_PASSWORD, to be replaced at the next sign-in, before it expires.
     */
    public void setPassword(String requestedPoolId, String rawUsername, String password, boolean permanent) {
        requirePool(requestedPoolId);
        rules.checkPassword(password);
        write(rawUsername, (user, now) -> {
            if (permanent) {
                return passwords.withNewPassword(user, password, now).withStatus(UserStatus.CONFIRMED, now);
            }
            PasswordRecords.Stored stored = passwords.make(user.sub(), user.username(), password);
            return user.withTemporaryPassword(stored.hash(), stored.srpVerifier(), now.plus(rules.temporaryPasswordValidity()), now);
        });
    }

    /** AdminResetUserPassword: see {@link AccountService#requireReset}. */
    public IdentityService.CodeDeliveryDetails resetPassword(String requestedPoolId, String rawUsername) {
        requirePool(requestedPoolId);
        return accounts.requireReset(find(rawUsername));
    }

    /**
     * AdminUpdateUserAttributes: applied at once (an administrator's change is not kept pending).
     * A new e-mail address is unverified unless the same request says it is verified.
     */
    public void updateAttributes(String requestedPoolId, String rawUsername, List<UserAttributes.Attribute> attributes) {
        requirePool(requestedPoolId);
        Map<String, String> changes = UserAttributes.fromAdmin(attributes);
        rules.checkAttributeUpdate(changes);
        write(rawUsername, (user, now) -> {
            var merged = new LinkedHashMap<>(user.attributes());
            merged.putAll(changes);
            String email = changes.get("email");
            if (email != null && !email.equals(user.attributes().get("email")) && !changes.containsKey("email_verified")) {
                merged.put("email_verified", "false");
            }
            return user.withAttributes(merged, now);
        });
    }

    /** AdminDeleteUserAttributes: names the user has no value for change nothing, as in Cognito. */
    public void deleteAttributes(String requestedPoolId, String rawUsername, List<String> names) {
        requirePool(requestedPoolId);
        Set<String> deleted = UserAttributes.namesToDeleteAsAdmin(names);
        write(rawUsername, (user, now) -> user.withAttributes(UserAttributes.without(user.attributes(), deleted), now));
    }

    /** AdminConfirmSignUp: confirms an unconfirmed user without a code; verifies no attribute. */
    public void confirmSignUp(String requestedPoolId, String rawUsername) {
        requirePool(requestedPoolId);
        write(rawUsername, (user, now) -> {
            if (user.status() != UserStatus.UNCONFIRMED) {
                throw CognitoException.notAuthorized("User cannot be confirmed. Current status is " + user.status().name());
            }
            return user.withStatus(UserStatus.CONFIRMED, now);
        });
    }

    /** AdminUserGlobalSignOut: GlobalSignOut's revocation, for a user named by an administrator. */
    public void globalSignOut(String requestedPoolId, String rawUsername) {
        requirePool(requestedPoolId);
        sessions.signOutEverywhere(find(rawUsername).sub());
    }

    /** AdminSetUserMFAPreference: SetUserMFAPreference's rules, for a user named by an administrator. */
    public void setMfaPreference(String requestedPoolId, String rawUsername, Boolean enabled, Boolean preferred,
                                 boolean otherFactorRequested) {
        requirePool(requestedPoolId);
        mfa.setPreferenceOf(find(rawUsername), enabled, preferred, otherFactorRequested);
    }

    /** {@code ResourceNotFoundException} for a pool other than this one, as Cognito names a pool it does not have. */
    public void requirePool(String requestedPoolId) {
        if (!userPoolId.equals(requestedPoolId)) {
            throw CognitoException.resourceNotFound("User pool " + requestedPoolId + " does not exist.");
        }
    }

    private User find(String rawUsername) {
        return directory.findByUsername(Username.of(rawUsername)).orElseThrow(CognitoException::userNotFound);
    }

    /** A change of one user as a function of the user as read: fenced, and conditional on that read. */
    @FunctionalInterface
    private interface Change {
        User apply(User user, Instant now);
    }

    private User write(String rawUsername, Change change) {
        Username username = Username.of(rawUsername);
        Function<LeaderRecord, User> write = leader -> {
            User user = directory.findByUsername(username).orElseThrow(CognitoException::userNotFound);
            return directory.update(change.apply(user, clock.instant()), leader);
        };
        return fence.run(write);
    }
}
