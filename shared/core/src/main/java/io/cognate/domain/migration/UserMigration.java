package io.cognate.domain.migration;

import io.cognate.domain.CognitoException;
import io.cognate.domain.PasswordHasher;
import io.cognate.domain.PasswordRecords;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.WriteFence;
import io.cognate.domain.groups.Group;
import io.cognate.domain.mfa.MfaSettings;
import io.cognate.domain.triggers.Triggers;
import io.cognate.ports.GroupDirectory;
import io.cognate.ports.LegacyPool;
import io.cognate.ports.MfaSettingsStore;
import io.cognate.ports.SecretEnvelopes;
import io.cognate.ports.UserDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Lazy migration: a user with no user here is looked for where they came from, at their first
 * password sign-in (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH's PASSWORD) or
 * ForgotPassword, and created here on the spot. Where the pool sets a UserMigration trigger, the
 * trigger answers, the Cognito way; otherwise, where the pool names a legacy Cognito pool
 * ({@link LegacyPoolSetting}), that pool does: AdminInitiateAuth with the password, then
 * AdminGetUser and AdminListGroupsForUser.
 *
 * <p>A sign-in moves a user in only on a right password; the password just checked is hashed
 * with Argon2id (and its SRP verifier made), so the user signs in here from then on, in every
 * region, without the legacy pool. What the legacy pool answers to a right password decides the
 * status:
 * <ul>
 *   <li>tokens: {@code CONFIRMED};</li>
 *   <li>NEW_PASSWORD_REQUIRED (a temporary password): {@code FORCE_CHANGE_PASSWORD} with it as the
 *       temporary password, so Cognate's own NEW_PASSWORD_REQUIRED follows;</li>
 *   <li>a second factor (TOTP, SMS, e-mail OTP): {@code RESET_REQUIRED}. Cognito never hands out
 *       a TOTP secret, so the factor cannot move; signing in on the password alone would let
 *       anyone who has only the password past the user's second factor. The user proves their
 *       verified e-mail address with ForgotPassword's code instead, and a TOTP preference is kept
 *       so that the next sign-in asks them to set up TOTP again (MFA_SETUP).</li>
 * </ul>
 *
 * <p>The user is created through the write fence: only where this region leads. At a region that
 * does not, the legacy pool (or the trigger) is asked here first, so a wrong password or an
 * unknown user costs and answers what it does at the leader and nothing leaves the region; a
 * right password hands the creation to {@link LeaderMigration} (write forwarding: the leader asks
 * again and moves the user in), and the sign-in goes on here with the user read back from this
 * region's replica. With forwarding off, or no leader to reach, a right password is answered with
 * the write refusal every write gets there ({@code OperationNotEnabledException}); nothing is
 * created. Two first sign-ins of one user at once create it once: the username's claim is
 * conditional, and the loser checks its password against the winner's hash.
 */
public final class UserMigration {
    /** Where a moved user's legacy {@code sub} is kept, unless the setting keeps it as the sub. */
    public static final String LEGACY_SUB = "custom:legacy_sub";
    /** Cognito's default validity of a temporary password (TemporaryPasswordValidityDays). */
    static final Duration TEMPORARY_PASSWORD_VALIDITY = Duration.ofDays(7);
    private static final Set<String> NOT_COPIED = Set.of("sub", LEGACY_SUB);
    private static final String AUTHENTICATION = "UserMigration_Authentication";
    private static final String FORGOT_PASSWORD = "UserMigration_ForgotPassword";

    /** Where a region that does not lead has a user moved in: the leader, through write forwarding. */
    public interface LeaderMigration {
        /**
         * The sub of the user the leader moved in (or had already) for this sign-in, once this
         * region's replica holds it; empty when the leader moved nobody in (the password no longer
         * accepted there).
         */
        Optional<String> moveInAtLeader(String clientId, Username username, String password,
                                        Map<String, String> validationData);

        /** No way to the leader: the write fence's refusal, as for any write here. */
        LeaderMigration NONE = (clientId, username, password, validationData) -> {
            throw CognitoException.readOnlyReplica("this region", "the leader");
        };
    }

    private final String userPoolId;
    private final UserDirectory directory;
    private final GroupDirectory groups;
    private final MfaSettingsStore mfaSettings;
    private final WriteFence fence;
    private final PasswordRecords passwords;
    private final PasswordHasher hasher;
    private final Triggers triggers;
    private final Supplier<Optional<LegacyPoolSetting>> setting;
    private final LegacyPool legacyPool;
    private final SecretEnvelopes envelopes;
    private final LeaderMigration leaderMigration;
    private final Clock clock;

    public UserMigration(String userPoolId, UserDirectory directory, GroupDirectory groups, MfaSettingsStore mfaSettings,
                         WriteFence fence, PasswordRecords passwords, PasswordHasher hasher, Triggers triggers,
                         Supplier<Optional<LegacyPoolSetting>> setting, LegacyPool legacyPool,
                         SecretEnvelopes envelopes, Clock clock) {
        this(userPoolId, directory, groups, mfaSettings, fence, passwords, hasher, triggers, setting, legacyPool,
                envelopes, LeaderMigration.NONE, clock);
    }

    /** The same, with {@code leaderMigration} moving users in for a sign-in at a region that does not lead. */
    public UserMigration(String userPoolId, UserDirectory directory, GroupDirectory groups, MfaSettingsStore mfaSettings,
                         WriteFence fence, PasswordRecords passwords, PasswordHasher hasher, Triggers triggers,
                         Supplier<Optional<LegacyPoolSetting>> setting, LegacyPool legacyPool,
                         SecretEnvelopes envelopes, LeaderMigration leaderMigration, Clock clock) {
        this.userPoolId = userPoolId;
        this.directory = directory;
        this.groups = groups;
        this.mfaSettings = mfaSettings;
        this.fence = fence;
        this.passwords = passwords;
        this.hasher = hasher;
        this.triggers = triggers;
        this.setting = setting;
        this.legacyPool = legacyPool;
        this.envelopes = envelopes;
        this.leaderMigration = leaderMigration;
        this.clock = clock;
    }

    /** The data-key context a legacy pool's client secret is sealed under: it opens for this pool's setting only. */
    public static Map<String, String> secretContext(String userPoolId) {
        return Map.of("purpose", "legacy-pool-client-secret", "userPoolId", userPoolId);
    }

    /** {@code clientSecret} sealed for the setting of pool {@code userPoolId}. */
    public static String sealClientSecret(SecretEnvelopes envelopes, String userPoolId, String clientSecret) {
        return envelopes.seal(clientSecret.getBytes(StandardCharsets.UTF_8), secretContext(userPoolId));
    }

    /**
     * The user {@code username} names, moved in with {@code password}, when the trigger or the
     * legacy pool accepts the password; empty otherwise (unknown there too, wrong password,
     * nothing configured), having created nothing. The caller has found no user of that name.
     * Costs one Argon2id hash when a user is moved in; the caller spends the same on an empty
     * answer ({@link PasswordHasher#burnEquivalentWork}).
     */
    public Optional<User> onSignIn(String clientId, Username username, String password) {
        return onSignIn(clientId, username, password, Map.of());
    }

    /** The same; {@code validationData} (the sign-in's ClientMetadata) goes to the UserMigration trigger. */
    public Optional<User> onSignIn(String clientId, Username username, String password,
                                   Map<String, String> validationData) {
        return signIn(clientId, username, password, validationData, true);
    }

    /**
     * The leader's half of a sign-in another region forwarded ({@link LeaderMigration}): asked and
     * moved in here, never handed on again. At a region that no longer leads, the write fence's
     * refusal, which the sending region answers as retryable.
     */
    public Optional<User> onSignInAtThisLeader(String clientId, Username username, String password,
                                               Map<String, String> validationData) {
        return signIn(clientId, username, password, validationData, false);
    }

    private Optional<User> signIn(String clientId, Username username, String password,
                                  Map<String, String> validationData, boolean mayHandToLeader) {
        if (triggers.migratesUsers()) {
            Triggers.MigratedUser answer = triggers.userMigration(AUTHENTICATION, clientId, username.value(), password,
                    validationData, Map.of());
            if (!answer.found()) {
                return Optional.empty();
            }
            UserStatus status = answer.finalUserStatus().equals("RESET_REQUIRED")
                    ? UserStatus.RESET_REQUIRED : UserStatus.CONFIRMED;
            return moveIn(new Arrival(username, Optional.of(password), status, answer.userAttributes(), Optional.empty(),
                    List.of(), false), clientId, validationData, mayHandToLeader);
        }
        Optional<LegacyPool.Address> address = address();
        if (address.isEmpty()) {
            return Optional.empty();
        }
        LegacyPool.SignInAnswer answer = ask(() -> legacyPool.signIn(address.get(), username.value(), password));
        if (answer == LegacyPool.SignInAnswer.REFUSED) {
            return Optional.empty();
        }
        Optional<LegacyPool.LegacyUser> described = ask(() -> legacyPool.describe(address.get(), username.value()));
        if (described.isEmpty()) {
            // Deleted there between the two calls: nobody to move in.
            return Optional.empty();
        }
        UserStatus status = switch (answer) {
            case NEW_PASSWORD_REQUIRED -> UserStatus.FORCE_CHANGE_PASSWORD;
            case SECOND_FACTOR_REQUIRED -> UserStatus.RESET_REQUIRED;
            default -> UserStatus.CONFIRMED;
        };
        return moveIn(arrival(username, Optional.of(password), status, described.get()), clientId, validationData,
                mayHandToLeader);
    }

    /**
     * The user {@code username} names, moved in {@code RESET_REQUIRED} with no usable password,
     * when the trigger or the legacy pool knows them and their password may be reset (enabled,
     * confirmed or reset-required there); empty otherwise. The caller sends the reset code as to
     * any user.
     */
    public Optional<User> onForgotPassword(String clientId, Username username) {
        return onForgotPassword(clientId, username, Map.of());
    }

    /** The same; {@code clientMetadata} (ForgotPassword's) goes to the UserMigration trigger. */
    public Optional<User> onForgotPassword(String clientId, Username username, Map<String, String> clientMetadata) {
        if (triggers.migratesUsers()) {
            Triggers.MigratedUser answer = triggers.userMigration(FORGOT_PASSWORD, clientId, username.value(), null,
                    Map.of(), clientMetadata);
            if (!answer.found()) {
                return Optional.empty();
            }
            return create(new Arrival(username, Optional.empty(), UserStatus.RESET_REQUIRED, answer.userAttributes(),
                    Optional.empty(), List.of(), false));
        }
        Optional<LegacyPool.Address> address = address();
        if (address.isEmpty()) {
            return Optional.empty();
        }
        Optional<LegacyPool.LegacyUser> described = ask(() -> legacyPool.describe(address.get(), username.value()));
        if (described.isEmpty() || !described.get().enabled()
                || !Set.of("CONFIRMED", "RESET_REQUIRED").contains(described.get().status())) {
            return Optional.empty();
        }
        return create(arrival(username, Optional.empty(), UserStatus.RESET_REQUIRED, described.get()));
    }

    /** Whether anything would move a user in: a UserMigration trigger or a legacy pool. */
    public boolean configured() {
        return triggers.migratesUsers() || setting.get().isPresent();
    }

    /** A user about to be created: who, with which password (none for a reset), in which state. */
    private record Arrival(Username username, Optional<String> password, UserStatus status,
                           Map<String, String> attributes, Optional<String> keptSub,
                           List<LegacyPool.LegacyGroup> groups, boolean wantsTotp) {
        @Override
        public String toString() {
            return "Arrival[" + username.value() + ", " + status + "]";
        }
    }

    private Arrival arrival(Username username, Optional<String> password, UserStatus status,
                            LegacyPool.LegacyUser legacy) {
        boolean keepSub = setting.get().map(LegacyPoolSetting::keepSub).orElse(false);
        var attributes = new LinkedHashMap<String, String>();
        legacy.attributes().forEach((name, value) -> {
            if (!NOT_COPIED.contains(name)) {
                attributes.put(name, value);
            }
        });
        if (!keepSub) {
            legacy.sub().ifPresent(sub -> attributes.put(LEGACY_SUB, sub));
        }
        boolean wantsTotp = legacy.preferredMfa().filter(MfaSettings.SOFTWARE_TOKEN_MFA::equals).isPresent()
                || legacy.mfaSettings().contains(MfaSettings.SOFTWARE_TOKEN_MFA);
        return new Arrival(username, password, status, attributes, keepSub ? legacy.sub() : Optional.empty(),
                legacy.groups(), wantsTotp);
    }

    /** A signing-in user moved in here where this region leads, or else at the leader and read back. */
    private Optional<User> moveIn(Arrival arrival, String clientId, Map<String, String> validationData,
                                  boolean mayHandToLeader) {
        if (!mayHandToLeader || fence.leads()) {
            return create(arrival);
        }
        return leaderMigration.moveInAtLeader(clientId, arrival.username(), arrival.password().orElseThrow(),
                        validationData)
                .map(sub -> directory.findBySub(sub).orElseThrow(() -> new CognitoException("InternalErrorException",
                        "The user moved in is not readable here yet.")));
    }

    private Optional<User> create(Arrival arrival) {
        return fence.run(leader -> {
            // Hashed once the region is known to lead: a replica would hash for nothing.
            Instant now = clock.instant();
            String sub = arrival.keptSub().orElseGet(() -> UUID.randomUUID().toString());
            Map<String, String> attributes = new LinkedHashMap<>(arrival.attributes());
            // The sub is this user's identity here, never an attribute (a trigger may send one).
            attributes.keySet().removeIf(name -> name.equals("sub") || name.startsWith("cognito:"));
            // A user moved in for a reset gets a password nobody knows: their hash costs what
            // everyone's costs to check, and only ConfirmForgotPassword sets a real one.
            String password = arrival.password()
                    .orElseGet(() -> UUID.randomUUID() + "-" + UUID.randomUUID());
            PasswordRecords.Stored stored = passwords.make(sub, arrival.username(), password);
            Optional<Instant> temporaryUntil = arrival.status() == UserStatus.FORCE_CHANGE_PASSWORD
                    ? Optional.of(now.plus(TEMPORARY_PASSWORD_VALIDITY)) : Optional.empty();
            User user = new User(sub, arrival.username(), arrival.status(), true, attributes, stored.hash(),
                    Optional.empty(), now, now, 0, stored.srpVerifier(), temporaryUntil);
            try {
                directory.create(user, leader);
            } catch (UserDirectory.UsernameTaken taken) {
                return winner(arrival);
            }
            try {
                for (LegacyPool.LegacyGroup legacyGroup : arrival.groups()) {
                    joinGroup(legacyGroup, sub, now, leader);
                }
                if (arrival.wantsTotp()) {
                    // The preference without a secret: the next sign-in past the reset sets TOTP up again.
                    mfaSettings.put(sub, new MfaSettings(Optional.empty(), Optional.empty(), true, true, 1, now), 0,
                            leader);
                }
            } catch (RuntimeException failed) {
                // Not left half moved in (a user without the groups or the second factor the legacy
                // pool gave them, never asked for again): undone, so the next sign-in moves them in whole.
                undo(sub, leader, failed);
                throw failed;
            }
            return directory.findBySub(sub);
        });
    }

    /** Removes a user just created here and the memberships written for them; what cannot be undone is added to {@code failed}. */
    private void undo(String sub, io.cognate.domain.LeaderRecord leader, RuntimeException failed) {
        try {
            groups.removeMemberships(sub, leader);
        } catch (RuntimeException alsoFailed) {
            failed.addSuppressed(alsoFailed);
        }
        try {
            directory.findBySub(sub).ifPresent(created -> directory.delete(created, leader));
        } catch (RuntimeException alsoFailed) {
            failed.addSuppressed(alsoFailed);
        }
    }

    /**
     * Another request moved the same user in first. A sign-in goes on with that user only if its
     * password is the one stored (both were checked there, but the password there may have
     * changed in between); a reset goes on with it.
     */
    private Optional<User> winner(Arrival arrival) {
        Optional<User> winner = directory.findByUsername(arrival.username());
        if (arrival.password().isEmpty()) {
            return winner;
        }
        return winner.filter(user -> hasher.matches(arrival.password().get(), user.passwordHash()));
    }

    /** Joins the group of that name here, creating it as the legacy pool describes it when there is none. */
    private void joinGroup(LegacyPool.LegacyGroup legacyGroup, String sub, Instant now,
                           io.cognate.domain.LeaderRecord leader) {
        Group group = groups.find(legacyGroup.name()).orElseGet(() -> {
            Group created = Group.created(legacyGroup.name(), legacyGroup.description(), legacyGroup.precedence(),
                    Optional.empty(), now, UUID.randomUUID().toString());
            try {
                groups.create(created, leader);
                return created;
            } catch (GroupDirectory.GroupExists exists) {
                return groups.find(legacyGroup.name()).orElseThrow(CognitoException::internal);
            }
        });
        groups.addMember(group, sub, leader);
    }

    private Optional<LegacyPool.Address> address() {
        return setting.get().map(legacy -> new LegacyPool.Address(legacy.region(), legacy.userPoolId(),
                legacy.clientId(), legacy.sealedClientSecret().map(sealed -> new String(
                        envelopes.open(sealed, secretContext(userPoolId)), StandardCharsets.UTF_8)),
                legacy.endpoint()));
    }

    /** A legacy pool that cannot be asked gives no verdict: Cognito's InternalErrorException, nothing counted as a guess. */
    private static <T> T ask(Supplier<T> call) {
        try {
            return call.get();
        } catch (LegacyPool.Unavailable unavailable) {
            throw new CognitoException("InternalErrorException", "The legacy user pool could not be asked; try again.");
        }
    }
}
