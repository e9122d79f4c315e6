package io.cognate.domain;

import io.cognate.domain.events.UserAuthEvent.ChallengeResult;
import io.cognate.domain.events.UserAuthEvent.EventResponse;
import io.cognate.domain.events.UserAuthEvent.EventType;
import io.cognate.domain.triggers.Triggers;
import io.cognate.ports.CodeDelivery;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The account operations a signed-up user runs on their own account: password reset, password
 * change, profile change and deletion of attributes, e-mail verification, the legacy MFA
 * settings and deletion, in Cognito's terms. Every one is a Directory write behind the
 * {@link WriteFence}, so a secondary refuses them until it is promoted.
 *
 * <p>A user holds at most one pending code at a time; the code's hash is salted with its purpose,
 * so a code sent for one purpose never works for another.
 */
public final class AccountService {
    static final Duration RESET_CODE_TTL = Duration.ofHours(1);
    static final Duration VERIFY_CODE_TTL = Duration.ofHours(24);
    private static final String FORGOT_PASSWORD = "ForgotPassword";
    private static final String VERIFY_EMAIL = "VerifyUserAttribute:email";
    private static final String EMAIL = "email";
    private static final String PHONE_NUMBER = "phone_number";
    /** Cognito's answer where an SMS would be needed and the pool has no SMS configuration. */
    private static final String NO_SMS_CONFIGURATION = "User pool does not have SMS configuration to send messages.";
    /** Cognito's answer to ForgotPassword in a pool whose account recovery is {@code admin_only}. */
    static final String ADMIN_ONLY_RECOVERY = "Contact administrator to reset password.";

    private final String region;
    private final UserDirectory directory;
    private final IdentityService identity;
    private final WriteFence fence;
    private final CodeDelivery codeDelivery;
    private final PoolRules rules;
    private final PasswordRecords passwords;
    private final OneTimeCodes codes;
    private final DecoyDestinations decoyDestinations;
    private final PasswordSignIn passwordSignIn;
    private final ClientSendBudget sendBudget;
    private final Clock clock;
    private final WithheldCodes withheldCodes;
    private final Arrivals arrivals;

    /**
     * Where a user with no user here may come from at ForgotPassword (lazy migration): the user,
     * created here {@code RESET_REQUIRED}, when they are known there; empty otherwise.
     */
    @FunctionalInterface
    public interface Arrivals {
        Arrivals NONE = (clientId, username, clientMetadata) -> Optional.empty();

        Optional<User> onForgotPassword(String clientId, Username username, Map<String, String> clientMetadata);
    }

    public AccountService(String region, UserDirectory directory, IdentityService identity, WriteFence fence,
                          CodeDelivery codeDelivery, PoolRules rules, PasswordRecords passwords,
                          OneTimeCodes codes, DecoyDestinations decoyDestinations, PasswordSignIn passwordSignIn,
                          ClientSendBudget sendBudget, Clock clock) {
        this(region, directory, identity, fence, codeDelivery, rules, passwords, codes, decoyDestinations,
                passwordSignIn, sendBudget, clock, Arrivals.NONE);
    }

    public AccountService(String region, UserDirectory directory, IdentityService identity, WriteFence fence,
                          CodeDelivery codeDelivery, PoolRules rules, PasswordRecords passwords,
                          OneTimeCodes codes, DecoyDestinations decoyDestinations, PasswordSignIn passwordSignIn,
                          ClientSendBudget sendBudget, Clock clock, Arrivals arrivals) {
        this.arrivals = arrivals;
        this.region = region;
        this.directory = directory;
        this.identity = identity;
        this.fence = fence;
        this.codeDelivery = codeDelivery;
        this.rules = rules;
        this.passwords = passwords;
        this.codes = codes;
        this.decoyDestinations = decoyDestinations;
        this.passwordSignIn = passwordSignIn;
        this.sendBudget = sendBudget;
        this.clock = clock;
        this.withheldCodes = new WithheldCodes(region, directory, codeDelivery, codes, identity.triggers());
    }

    /**
     * Sends a reset code to a confirmed, enabled user. Every caller gets a masked destination and
     * no error (Cognito's {@code PreventUserExistenceErrors=ENABLED}): an existing user their
     * real masked address, as ResendConfirmationCode shows it, an unknown user the same decoy
     * ResendConfirmationCode gives, so the two operations cannot be played against each other.
     *
     * <p>The pool's {@code AccountRecoverySetting} decides ({@link PoolRules#passwordRecovery}):
     * with {@code admin_only} every caller, known or not, is told Cognito's
     * {@code NotAuthorizedException} before any user is looked up, which tells nothing about who
     * exists; where no listed mechanism can be delivered, every user is answered as above and
     * none is sent a code.
     */
    public IdentityService.CodeDeliveryDetails forgotPassword(String clientId, String rawUsername) {
        return forgotPassword(clientId, rawUsername, Map.of());
    }

    /** The same, the request's {@code ClientMetadata} passed on to CustomMessage. */
    public IdentityService.CodeDeliveryDetails forgotPassword(String clientId, String rawUsername,
                                                              Map<String, String> clientMetadata) {
        identity.client(clientId);
        Username username = Username.of(rawUsername);
        PoolRules.PasswordRecovery recovery = rules.passwordRecovery();
        if (recovery == PoolRules.PasswordRecovery.ADMIN_ONLY) {
            throw CognitoException.notAuthorized(ADMIN_ONLY_RECOVERY);
        }
        sendBudget.spend(clientId);
        return fence.run(leader -> {
            Instant now = clock.instant();
            Optional<User> found = directory.findByUsername(username);
            if (found.isEmpty()) {
                // Not here yet, perhaps known where users are moved in from: moved in for the reset.
                found = arrivals.onForgotPassword(clientId, username, clientMetadata);
            }
            if (found.isEmpty() || found.get().attribute("email").isEmpty()) {
                return withheldCodes.withhold(username, FORGOT_PASSWORD, now, leader,
                        IdentityService.CodeDeliveryDetails.masked(decoyDestinations.forUsername(username)));
            }
            User user = found.get();
            String email = user.attribute("email").orElseThrow();
            var answer = IdentityService.CodeDeliveryDetails.email(email);
            if (!user.enabled() || !resettable(user) || !"true".equals(user.attributes().get("email_verified"))
                    || recovery != PoolRules.PasswordRecovery.VERIFIED_EMAIL) {
                // Their real masked address, as ResendConfirmationCode shows it, but no code: a
                // reset code goes only to an address the user has proven (finding 12 of the
                // review), and only by a mechanism the pool lists.
                return withheldCodes.withhold(username, FORGOT_PASSWORD, now, leader, answer);
            }
            String code = codes.newCode();
            Optional<PendingCode> next = PendingCode.next(user.confirmationCode(),
                    OneTimeCodes.hash(code, salt(FORGOT_PASSWORD, user)), now.plus(RESET_CODE_TTL), now);
            if (next.isEmpty()) {
                // This hour's codes are sent; an error would tell that the user exists. Same answer, no code.
                return withheldCodes.withhold(username, FORGOT_PASSWORD, now, leader, answer);
            }
            Triggers.CodeMessage message = codeMessage("ForgotPassword", clientId, user, code, clientMetadata);
            directory.update(user.withConfirmationCode(next.get(), now), leader);
            return deliver(user, email, code, FORGOT_PASSWORD, message);
        });
    }

    public void confirmForgotPassword(String clientId, String rawUsername, String code, String password) {
        confirmForgotPassword(clientId, rawUsername, code, password, Map.of());
    }

    /** The same, the request's {@code ClientMetadata} passed on to PostConfirmation. */
    public void confirmForgotPassword(String clientId, String rawUsername, String code, String password,
                                      Map<String, String> clientMetadata) {
        identity.client(clientId);
        Username username = Username.of(rawUsername);
        rules.checkPassword(password);
        User reset = fence.run(leader -> {
            // An unknown user looks like a wrong code, so the answer does not reveal who exists.
            User user = directory.findByUsername(username)
                    .filter(AccountService::resettable)
                    .orElseThrow(CognitoException::codeMismatch);
            Instant now = clock.instant();
            checkCode(user, FORGOT_PASSWORD, code, now, leader);
            // The code went to a verified address; the reset verifies nothing new. A reset an
            // administrator required is done with it.
            return directory.update(passwords.withNewPassword(user, password, now).withStatus(UserStatus.CONFIRMED, now),
                    leader);
        });
        passwordSignIn.history().record(reset, EventType.ForgotPassword, EventResponse.Pass, List.of());
        // After the committed reset, as in Cognito: its failure is the answer, the new password stays.
        identity.triggers().postConfirmation("PostConfirmation_ConfirmForgotPassword", clientId, reset, clientMetadata);
    }

    /** A user whose password a reset code may replace: confirmed, or required to reset by an administrator. */
    private static boolean resettable(User user) {
        return user.status() == UserStatus.CONFIRMED || user.status() == UserStatus.RESET_REQUIRED;
    }

    /**
     * AdminResetUserPassword: the user's password stops signing in (status RESET_REQUIRED, where
     * a right password answers {@code PasswordResetRequiredException}) and a reset code goes to
     * the user's verified address, the code ForgotPassword sends and ConfirmForgotPassword takes.
     * Refused, as Cognito refuses it, for a user with no verified address to send it to, or whose
     * status has no password to reset (not confirmed yet, or still on a temporary password). The
     * pool's recovery mechanisms decide where the code may go, as for ForgotPassword: where none of
     * them delivers here ({@code admin_only}, which Cognito documents as needing AdminSetUserPassword
     * instead, or only {@code verified_phone_number}) no user has an address to send it to.
     */
    public IdentityService.CodeDeliveryDetails requireReset(User named) {
        boolean byEmail = rules.passwordRecovery() == PoolRules.PasswordRecovery.VERIFIED_EMAIL;
        return fence.run(leader -> {
            User user = current(named);
            if (!resettable(user)) {
                throw CognitoException.notAuthorized("User password cannot be reset in the current state.");
            }
            String email = user.attribute(EMAIL).filter(a -> byEmail && "true".equals(user.attributes().get("email_verified")))
                    .orElseThrow(() -> CognitoException.invalidParameter(
                            "Cannot reset password for the user as there is no registered/verified email or phone_number"));
            Instant now = clock.instant();
            String code = codes.newCode();
            // An administrator is told plainly that the hour's codes are sent.
            PendingCode next = PendingCode.next(user.confirmationCode(),
                    OneTimeCodes.hash(code, salt(FORGOT_PASSWORD, user)), now.plus(RESET_CODE_TTL), now)
                    .orElseThrow(CognitoException::limitExceeded);
            Triggers.CodeMessage message = codeMessage("ForgotPassword", null, user, code);
            directory.update(user.withStatus(UserStatus.RESET_REQUIRED, now).withConfirmationCode(next, now), leader);
            return deliver(user, email, code, FORGOT_PASSWORD, message);
        });
    }

    public void changePassword(String accessToken, String previousPassword, String proposedPassword) {
        User caller = identity.getUser(accessToken);
        if (previousPassword == null || previousPassword.isEmpty()) {
            throw CognitoException.invalidParameter("PreviousPassword is required to change a password.");
        }
        if (proposedPassword == null) {
            throw CognitoException.invalidParameter("1 validation error detected: Value null at 'proposedPassword' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        // Checked like a sign-in, through the lockout count: a stolen access token must not be an
        // unlimited oracle for the password.
        passwordSignIn.authenticate(caller.username().value(), previousPassword);
        rules.checkPassword(proposedPassword);
        User changed = fence.run(leader -> {
            User user = current(caller);
            Instant now = clock.instant();
            return directory.update(passwords.withNewPassword(user, proposedPassword, now)
                    .withPendingCode(user.confirmationCode(), now), leader);
        });
        passwordSignIn.history().record(changed, EventType.PasswordChange, EventResponse.Pass,
                List.of(ChallengeResult.PASSWORD_SUCCESS));
    }

    /**
     * Changes attributes the access token's app client may write ({@link AppClient#mayWrite});
     * any other attribute refuses the whole request with Cognito's {@code NotAuthorizedException}.
     *
     * <p>A new e-mail address is not applied: it is kept with the code sent to it, and the user's
     * current address, with its {@code email_verified}, stays in force (GetUser, ID tokens,
     * ForgotPassword) until the code comes back through {@link #verifyUserAttribute}. This is
     * Cognito's "keep original attribute value active when an update is pending". A later change,
     * or a code the user asks for another purpose (a reset code, say), replaces the pending one;
     * {@link #getUserAttributeVerificationCode} sends a new code for it and keeps it pending.
     *
     * <p>That is so while the pool's {@code AttributesRequireVerificationBeforeUpdate} lists
     * {@code email} ({@link PoolRules#emailChangeAwaitsVerification}). Where it does not, the new
     * address replaces the old one at once with {@code email_verified} false, as in Cognito, and
     * a code to verify it is sent if the pool auto-verifies e-mail; otherwise none.
     */
    public List<IdentityService.CodeDeliveryDetails> updateUserAttributes(String accessToken,
                                                                          List<UserAttributes.Attribute> attributes) {
        return updateUserAttributes(accessToken, attributes, Map.of());
    }

    /** The same, the request's {@code ClientMetadata} passed on to CustomMessage. */
    public List<IdentityService.CodeDeliveryDetails> updateUserAttributes(String accessToken,
                                                                          List<UserAttributes.Attribute> attributes,
                                                                          Map<String, String> clientMetadata) {
        IdentityService.SignedIn caller = identity.signedIn(accessToken);
        // An empty or malformed address is refused there ("Invalid email address format.").
        Map<String, String> changes = UserAttributes.fromClient(attributes, caller.client());
        rules.checkAttributeUpdate(changes);
        return fence.run(leader -> {
            User user = current(caller.user());
            Instant now = clock.instant();
            var merged = new LinkedHashMap<>(user.attributes());
            String newEmail = changes.get("email");
            boolean emailChanged = newEmail != null && !newEmail.equals(user.attributes().get("email"));
            changes.forEach((name, value) -> {
                if (!name.equals("email")) {
                    merged.put(name, value);
                }
            });
            if (!emailChanged) {
                directory.update(user.withAttributes(merged, now), leader);
                return List.of();
            }
            boolean awaitsCode = rules.emailChangeAwaitsVerification();
            if (!awaitsCode) {
                // Cognito's way when email is not in AttributesRequireVerificationBeforeUpdate: the
                // new address is in force at once, unverified, and a code pending for an earlier
                // change would now put back an address the user moved away from.
                merged.put(EMAIL, newEmail);
                merged.put("email_verified", "false");
                if (!rules.autoVerifiesEmail()) {
                    directory.update(user.withAttributes(merged, now)
                            .withPendingCode(user.confirmationCode().filter(c -> c.newEmail().isEmpty()), now), leader);
                    return List.of();
                }
            }
            String code = codes.newCode();
            // The caller is signed in, so saying no reveals nothing: Cognito's LimitExceededException.
            PendingCode verifying = PendingCode.next(user.confirmationCode(),
                    OneTimeCodes.hash(code, salt(VERIFY_EMAIL, user)), now.plus(VERIFY_CODE_TTL), now)
                    .orElseThrow(CognitoException::limitExceeded);
            // Kept pending, the code carries the address it applies; applied already, it verifies the one in force.
            PendingCode next = awaitsCode ? verifying.withNewEmail(newEmail) : verifying;
            // The app client's send budget, like every code sent, and before anything is written:
            // a refusal leaves the attributes as they were (a user past their own five spent none).
            sendBudget.spend(caller.client().clientId());
            User updated = user.withAttributes(merged, now).withConfirmationCode(next, now);
            Triggers.CodeMessage message = codeMessage("UpdateUserAttribute",
                    caller.client().clientId(), updated, code, clientMetadata);
            directory.update(updated, leader);
            return List.of(deliver(updated, newEmail, code, "UpdateUserAttributes", message));
        });
    }

    /**
     * Checks the code sent by {@link #updateUserAttributes} or
     * {@link #getUserAttributeVerificationCode} (through {@link CodeGuesses}); the right one
     * applies the new address it was sent to, if any, verified, and is used up.
     */
    public void verifyUserAttribute(String accessToken, String attributeName, String code) {
        User caller = identity.getUser(accessToken);
        if (!"email".equals(attributeName)) {
            throw CognitoException.invalidParameter("Only the email attribute is verified by code in this user pool.");
        }
        fence.run(leader -> {
            User user = current(caller);
            Instant now = clock.instant();
            checkCode(user, VERIFY_EMAIL, code, now, leader);
            var attributes = new LinkedHashMap<>(user.attributes());
            // A code stored before changes were kept pending names no address: it was sent to the
            // address already in place, which it now verifies.
            user.confirmationCode().flatMap(PendingCode::newEmail).ifPresent(address -> attributes.put("email", address));
            attributes.put("email_verified", "true");
            directory.update(user.withAttributes(attributes, now).withPendingCode(Optional.empty(), now), leader);
            return null;
        });
    }

    /**
     * Sends a code that {@link #verifyUserAttribute} takes back, to verify the user's e-mail
     * address: to the new address of a pending change (Cognito's "keep original attribute value
     * active when an update is pending": the change stays pending and this code confirms it),
     * otherwise to the address in force. It replaces the user's pending code, whatever it was
     * for, under the rules every code follows: the hour's five sends and five guesses
     * ({@link PendingCode#next}, which also keeps the hour's wrong guesses), a hash salted with
     * the purpose, and the app client's hourly budget ({@link ClientSendBudget}).
     *
     * <p>E-mail is the only medium this pool delivers: {@code phone_number} is refused as Cognito
     * refuses it in a pool without an SMS configuration, any other attribute as Cognito refuses
     * an attribute that is never verified. Both are {@code InvalidParameterException}.
     */
    public IdentityService.CodeDeliveryDetails getUserAttributeVerificationCode(String accessToken, String attributeName) {
        return getUserAttributeVerificationCode(accessToken, attributeName, Map.of());
    }

    /** The same, the request's {@code ClientMetadata} passed on to CustomMessage. */
    public IdentityService.CodeDeliveryDetails getUserAttributeVerificationCode(String accessToken, String attributeName,
                                                                                Map<String, String> clientMetadata) {
        IdentityService.SignedIn caller = identity.signedIn(accessToken);
        if (PHONE_NUMBER.equals(attributeName)) {
            throw CognitoException.invalidParameter(NO_SMS_CONFIGURATION);
        }
        if (!EMAIL.equals(attributeName)) {
            throw CognitoException.invalidParameter("Invalid attribute name. Only phone_number and email can be verified.");
        }
        String clientId = caller.client().clientId();
        return fence.run(leader -> {
            User user = current(caller.user());
            Instant now = clock.instant();
            Optional<String> pendingEmail = user.confirmationCode().flatMap(PendingCode::newEmail);
            String destination = pendingEmail.or(() -> user.attribute(EMAIL))
                    .orElseThrow(() -> CognitoException.invalidParameter("The user has no email address to verify."));
            String code = codes.newCode();
            // The caller is signed in, so saying no reveals nothing: Cognito's LimitExceededException.
            PendingCode next = PendingCode.next(user.confirmationCode(),
                    OneTimeCodes.hash(code, salt(VERIFY_EMAIL, user)), now.plus(VERIFY_CODE_TTL), now)
                    .orElseThrow(CognitoException::limitExceeded);
            Triggers.CodeMessage message = codeMessage("VerifyUserAttribute", clientId,
                    user, code, clientMetadata);
            User updated = directory.update(user.withConfirmationCode(
                    pendingEmail.map(next::withNewEmail).orElse(next), now), leader);
            // Spent only once the code is stored, so the budget pays for codes that go out and
            // nothing else: a user past their own five an hour, or a write that lost a race and
            // is run again, costs the app client's other users nothing. If the budget refuses
            // now, the stored code is one nobody receives, as a lost mail would be.
            sendBudget.spend(clientId);
            return deliver(updated, destination, code, "GetUserAttributeVerificationCode", message);
        });
    }

    /**
     * Deletes attributes the access token's app client may write ({@link AppClient#mayWrite}); any
     * other name refuses the whole request, as UpdateUserAttributes does, and so does a required
     * attribute ({@link UserAttributes#namesToDelete}). Names the user has no value for are
     * accepted and change nothing, as in Cognito. The write is conditional on the version read,
     * like every user write, so a change committed in between is read again and kept.
     */
    public void deleteUserAttributes(String accessToken, List<String> attributeNames) {
        IdentityService.SignedIn caller = identity.signedIn(accessToken);
        Set<String> deleted = UserAttributes.namesToDelete(attributeNames, caller.client());
        fence.run(leader -> {
            User user = current(caller.user());
            Map<String, String> remaining = UserAttributes.without(user.attributes(), deleted);
            if (!remaining.equals(user.attributes())) {
                directory.update(user.withAttributes(remaining, clock.instant()), leader);
            }
            return null;
        });
    }

    /** One entry of SetUserSettings' {@code MFAOptions}; either member may be absent. */
    public record MfaOption(String attributeName, String deliveryMedium) {
    }

    /**
     * SetUserSettings, Cognito's legacy setting of SMS MFA (TOTP is set through
     * SetUserMFAPreference and is not touched here).
     *
     * <p>This pool sends no SMS, so no user has SMS MFA, and an empty list, which turns SMS MFA
     * off, is accepted: there is nothing to turn off. An option for {@code phone_number} would
     * turn on a factor the pool cannot deliver; Cognito refuses that in a pool without an SMS
     * configuration with {@code InvalidParameterException: User pool does not have SMS
     * configuration to send messages.}, and so does this. An option for any other attribute is
     * refused as Cognito refuses it: {@code InvalidParameterException: Only phone_number attribute
     * is currently supported as a MFA option.} Nothing is stored either way, but the operation is
     * a write: a secondary refuses it, empty list included, with the error every write gets there,
     * so that whether a call succeeds never depends on which region answered it.
     */
    public void setUserSettings(String accessToken, List<MfaOption> mfaOptions) {
        User caller = identity.getUser(accessToken);
        if (!mfaOptions.isEmpty()) {
            // Any option at all would turn SMS MFA on; the first one names the reason it cannot.
            throw CognitoException.invalidParameter(PHONE_NUMBER.equals(mfaOptions.getFirst().attributeName())
                    ? NO_SMS_CONFIGURATION
                    : "Only phone_number attribute is currently supported as a MFA option.");
        }
        fence.run(leader -> {
            current(caller);
            return null;
        });
    }

    public void deleteUser(String accessToken) {
        User caller = identity.getUser(accessToken);
        fence.run(leader -> {
            directory.delete(current(caller), leader);
            return null;
        });
    }

    /** The stored user, read again inside the fence so the write starts from the latest copy. */
    private User current(User caller) {
        return directory.findBySub(caller.sub()).orElseThrow(CognitoException::userNotFound);
    }

    /** Checks a code against the user's pending code for {@code purpose} ({@link CodeGuesses}). */
    private void checkCode(User user, String purpose, String code, Instant now, LeaderRecord leader) {
        CodeGuesses.check(directory, user, salt(purpose, user), code, now, leader);
    }

    private static String salt(String purpose, User user) {
        return purpose + ":" + user.sub();
    }

    /** How a code about to be sent goes out ({@link Triggers#codeMessage}), asked before the code is stored. */
    private Triggers.CodeMessage codeMessage(String action, String clientId, User user, String code) {
        return codeMessage(action, clientId, user, code, Map.of());
    }

    private Triggers.CodeMessage codeMessage(String action, String clientId, User user, String code,
                                             Map<String, String> clientMetadata) {
        return identity.triggers().codeMessage(action, clientId, user.username().value(),
                Triggers.eventAttributes(user), code, clientMetadata);
    }

    private IdentityService.CodeDeliveryDetails deliver(User user, String email, String code, String purpose,
                                                        Triggers.CodeMessage message) {
        identity.triggers().deliver(message, codeDelivery,
                new CodeDelivery.Request(user.username().value(), email, "EMAIL", code, purpose, region));
        return IdentityService.CodeDeliveryDetails.email(email);
    }
}
