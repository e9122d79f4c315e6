package io.cognate.testing;

import io.cognate.domain.AppClient;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.PendingCode;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.domain.clients.ClientSettings;
import io.cognate.domain.users.UserFilter;
import io.cognate.domain.devices.Device;
import io.cognate.domain.devices.UserDevices;
import io.cognate.domain.mfa.MfaSettings;
import io.cognate.domain.passkeys.PasskeyCredential;
import io.cognate.domain.passkeys.PasskeyCredentials;
import io.cognate.domain.passkeys.RegistrationChallenge;
import io.cognate.ports.DeviceStore;
import io.cognate.ports.MfaSettingsStore;
import io.cognate.ports.PasskeyStore;
import io.cognate.ports.UserDirectory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Directory in memory, for one region, writing exactly as DynamoDbUserDirectory does: each
 * write is all or nothing and commits only while {@code leaders} names this directory's region at
 * the fence's epoch (else {@link FencedOut}, before any other check); a create claims the folded
 * username ({@link UsernameTaken}) and the sub and stores version 1; an update replaces the user
 * whole only while the stored version is the one the user was read at ({@link ConcurrentUpdate}
 * otherwise, also when the user is gone), stores the next version and leaves the username claim
 * as it is; a delete releases the claim only if it is the
 * user's and takes the user's MFA settings, passkeys, pending passkey challenge and devices with
 * it. App clients are written as the table writes them too: a create only where the id is free
 * ({@link ClientIdTaken}), an update or delete only at the version read ({@link ConcurrentUpdate});
 * clients are listed in id order and users in sub order (a list position is {@code sub:} and the
 * last sub listed). Values are kept as the Directory table keeps them: instants to the
 * millisecond, token validities to the second.
 *
 * <p>The MFA settings ({@link InMemoryMfaSettings}), passkeys ({@link InMemoryPasskeys}) and
 * devices ({@link InMemoryDevices}) live here beside the users, as they share the user's
 * partition in the table, so that one lock covers a user and what is kept beside it.
 */
public final class InMemoryUserDirectory implements UserDirectory {
    private final String region;
    private final InMemoryLeaderRecords leaders;
    // All guarded by this. Writes take the leader record's lock first, then this one.
    private final Map<String, User> usersBySub = new HashMap<>();
    private final Map<String, String> subsByUsernameKey = new HashMap<>();
    private final Map<String, AppClient> clients = new HashMap<>();
    private final Map<String, MfaSettings> mfaSettingsBySub = new HashMap<>();
    private final Map<String, PasskeyCredentials> passkeysBySub = new HashMap<>();
    private final Map<String, RegistrationChallenge> passkeyChallengesBySub = new HashMap<>();
    private final Map<String, UserDevices> devicesBySub = new HashMap<>();
    /** What else goes when a user goes (its group memberships), run in the delete's lock. */
    private final List<Consumer<String>> deletedWithUser = new ArrayList<>();
    private int decoyWrites;
    private static final String POSITION_PREFIX = "sub:";

    /** A directory writing as {@code region}, fenced by {@code leaders} (that region's copy of the record). */
    public InMemoryUserDirectory(String region, InMemoryLeaderRecords leaders) {
        this.region = region;
        this.leaders = leaders;
    }

    @Override
    public synchronized Optional<User> findByUsername(Username username) {
        return Optional.ofNullable(subsByUsernameKey.get(username.key())).map(usersBySub::get);
    }

    @Override
    public synchronized Optional<User> findBySub(String sub) {
        return Optional.ofNullable(usersBySub.get(sub));
    }

    @Override
    public synchronized Optional<AppClient> findClient(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    @Override
    public void create(User user, LeaderRecord fence) {
        User kept = asStored(user.stored(1));
        fenced(fence, () -> {
            if (subsByUsernameKey.containsKey(user.username().key())) {
                throw new UsernameTaken();
            }
            if (usersBySub.containsKey(user.sub())) {
                throw new IllegalStateException("user " + user.sub() + " already exists");
            }
            subsByUsernameKey.put(user.username().key(), user.sub());
            usersBySub.put(user.sub(), kept);
        });
    }

    @Override
    public User update(User user, LeaderRecord fence) {
        User kept = asStored(user.stored(user.version() + 1));
        fenced(fence, () -> {
            User current = usersBySub.get(user.sub());
            if (current == null || current.version() != user.version()) {
                throw new ConcurrentUpdate();
            }
            usersBySub.put(user.sub(), kept);
        });
        return kept;
    }

    @Override
    public void putClient(AppClient client, LeaderRecord fence) {
        AppClient kept = asStored(client);
        fenced(fence, () -> clients.put(client.clientId(), kept));
    }

    /** As DynamoDbUserDirectory: the fence, then no client at the id; stored at version 1. */
    @Override
    public AppClient createClient(AppClient client, LeaderRecord fence) {
        AppClient kept = asStored(client.stored(1));
        fenced(fence, () -> {
            if (clients.containsKey(client.clientId())) {
                throw new ClientIdTaken();
            }
            clients.put(client.clientId(), kept);
        });
        return kept;
    }

    /** The fence, then the client still at the version read (a gone client fails too). */
    @Override
    public AppClient updateClient(AppClient client, LeaderRecord fence) {
        AppClient kept = asStored(client.stored(client.version() + 1));
        fenced(fence, () -> {
            AppClient current = clients.get(client.clientId());
            if (current == null || current.version() != client.version()) {
                throw new ConcurrentUpdate();
            }
            clients.put(client.clientId(), kept);
        });
        return kept;
    }

    @Override
    public void deleteClient(AppClient client, LeaderRecord fence) {
        fenced(fence, () -> {
            AppClient current = clients.get(client.clientId());
            if (current == null || current.version() != client.version()) {
                throw new ConcurrentUpdate();
            }
            clients.remove(client.clientId());
        });
    }

    @Override
    public synchronized ClientPage listClients(int limit, Optional<String> afterClientId) {
        List<ClientSummary> after = clients.values().stream()
                .filter(c -> afterClientId.isEmpty() || c.clientId().compareTo(afterClientId.get()) > 0)
                .sorted(Comparator.comparing(AppClient::clientId))
                .map(c -> new ClientSummary(c.clientId(), c.clientName()))
                .toList();
        List<ClientSummary> page = after.subList(0, Math.min(limit, after.size()));
        return new ClientPage(page, after.size() > limit ? Optional.of(page.getLast().clientId()) : Optional.empty());
    }

    /** Users in sub order; a position is {@code sub:} and the last sub listed. */
    @Override
    public synchronized UserPage listUsers(Optional<UserFilter> filter, int limit, Optional<String> position) {
        if (position.isPresent() && !position.get().startsWith(POSITION_PREFIX)) {
            throw new InvalidPosition();
        }
        Optional<String> afterSub = position.map(p -> p.substring(POSITION_PREFIX.length()));
        List<User> after = usersBySub.values().stream()
                .filter(u -> afterSub.isEmpty() || u.sub().compareTo(afterSub.get()) > 0)
                .filter(u -> filter.isEmpty() || filter.get().matches(u))
                .sorted(Comparator.comparing(User::sub))
                .toList();
        List<User> page = after.subList(0, Math.min(limit, after.size()));
        return new UserPage(page, after.size() > limit ? Optional.of(POSITION_PREFIX + page.getLast().sub())
                : Optional.empty());
    }

    /** Counts the write, fenced as any other; no read ever sees it. */
    @Override
    public void writeDecoy(Username username, Instant expiresAt, LeaderRecord fence) {
        fenced(fence, () -> decoyWrites++);
    }

    /** How many decoy writes committed. */
    public synchronized int decoyWrites() {
        return decoyWrites;
    }

    @Override
    public void delete(User user, LeaderRecord fence) {
        fenced(fence, () -> {
            if (!usersBySub.containsKey(user.sub()) || !user.sub().equals(subsByUsernameKey.get(user.username().key()))) {
                throw new IllegalStateException("user " + user.sub() + " is already deleted");
            }
            usersBySub.remove(user.sub());
            subsByUsernameKey.remove(user.username().key());
            mfaSettingsBySub.remove(user.sub());
            passkeysBySub.remove(user.sub());
            passkeyChallengesBySub.remove(user.sub());
            devicesBySub.remove(user.sub());
            deletedWithUser.forEach(also -> also.accept(user.sub()));
        });
    }

    /** Has {@code also} called with the sub of each user deleted, in the same all-or-nothing write. */
    synchronized void alsoDeleting(Consumer<String> also) {
        deletedWithUser.add(also);
    }

    synchronized UserDevices devices(String sub) {
        return devicesBySub.getOrDefault(sub, UserDevices.none());
    }

    /** DynamoDbDevices's write: the fence, then the user's existence and the version read. */
    void putDevices(String sub, UserDevices devices, long expectedVersion, LeaderRecord fence) {
        UserDevices kept = new UserDevices(devices.devices().stream().map(d -> new Device(d.key(), d.groupKey(),
                d.name(), d.salt(), d.verifier(), d.remembered(), millis(d.createdAt()), millis(d.lastModifiedAt()),
                millis(d.lastAuthenticatedAt()))).toList(), devices.version());
        fenced(fence, () -> {
            UserDevices current = devicesBySub.get(sub);
            boolean versionHolds = expectedVersion == 0 ? current == null
                    : current != null && current.version() == expectedVersion;
            if (!usersBySub.containsKey(sub) || !versionHolds) {
                throw new DeviceStore.Conflict();
            }
            devicesBySub.put(sub, kept);
        });
    }

    synchronized Optional<MfaSettings> mfaSettings(String sub) {
        return Optional.ofNullable(mfaSettingsBySub.get(sub));
    }

    /** DynamoDbMfaSettings's write: the fence, then the user's existence and the version read. */
    void putMfaSettings(String sub, MfaSettings settings, long expectedVersion, LeaderRecord fence) {
        MfaSettings kept = new MfaSettings(settings.pendingSecret(), settings.secret(), settings.enabled(),
                settings.preferred(), settings.version(), millis(settings.updatedAt()));
        fenced(fence, () -> {
            MfaSettings current = mfaSettingsBySub.get(sub);
            boolean versionHolds = expectedVersion == 0 ? current == null
                    : current != null && current.version() == expectedVersion;
            if (!usersBySub.containsKey(sub) || !versionHolds) {
                throw new MfaSettingsStore.Conflict();
            }
            mfaSettingsBySub.put(sub, kept);
        });
    }

    synchronized Optional<PasskeyCredentials> passkeys(String sub) {
        return Optional.ofNullable(passkeysBySub.get(sub));
    }

    synchronized Optional<RegistrationChallenge> passkeyChallenge(String sub) {
        return Optional.ofNullable(passkeyChallengesBySub.get(sub));
    }

    /** DynamoDbPasskeys's challenge write: the fence, then the user's existence. */
    void putPasskeyChallenge(String sub, RegistrationChallenge challenge, LeaderRecord fence) {
        RegistrationChallenge kept = new RegistrationChallenge(challenge.challenge(), challenge.clientId(),
                millis(challenge.expiresAt()));
        fenced(fence, () -> {
            if (!usersBySub.containsKey(sub)) {
                throw new PasskeyStore.Conflict();
            }
            passkeyChallengesBySub.put(sub, kept);
        });
    }

    /** DynamoDbPasskeys's write: the fence, then the user, the version read and the challenge used. */
    void putPasskeys(String sub, PasskeyCredentials credentials, long expectedVersion,
                     Optional<RegistrationChallenge> used, LeaderRecord fence) {
        PasskeyCredentials kept = new PasskeyCredentials(credentials.credentials().stream()
                .map(c -> new PasskeyCredential(c.credentialId(), c.publicKey(), c.signCount(), c.attestationFormat(),
                        c.transports(), c.authenticatorAttachment(), c.friendlyName(), c.relyingPartyId(),
                        millis(c.createdAt())))
                .toList(), credentials.version(), millis(credentials.updatedAt()));
        fenced(fence, () -> {
            PasskeyCredentials current = passkeysBySub.get(sub);
            boolean versionHolds = expectedVersion == 0 ? current == null
                    : current != null && current.version() == expectedVersion;
            boolean challengeHolds = used.isEmpty() || used.get().challenge().equals(
                    Optional.ofNullable(passkeyChallengesBySub.get(sub)).map(RegistrationChallenge::challenge).orElse(null));
            if (!usersBySub.containsKey(sub) || !versionHolds || !challengeHolds) {
                throw new PasskeyStore.Conflict();
            }
            passkeysBySub.put(sub, kept);
            if (used.isPresent()) {
                passkeyChallengesBySub.remove(sub);
            }
        });
    }

    /** Checks the fence and makes the change without letting the leader record move in between. */
    void fenced(LeaderRecord fence, Runnable change) {
        leaders.whileLeading(region, fence.epoch(), () -> {
            synchronized (this) {
                change.run();
            }
        });
    }

    private static User asStored(User user) {
        Optional<PendingCode> code = user.confirmationCode()
                .map(c -> new PendingCode(c.codeHash(), millis(c.expiresAt()), c.failedAttempts(),
                        millis(c.windowStart()), c.sends(), c.newEmail()));
        return new User(user.sub(), Username.of(user.username().value()), user.status(), user.enabled(),
                user.attributes(), user.passwordHash(), code, millis(user.createdAt()), millis(user.updatedAt()),
                user.version(), user.srpVerifier(), user.temporaryPasswordExpiresAt().map(InMemoryUserDirectory::millis));
    }

    private static AppClient asStored(AppClient client) {
        return new AppClient(client.clientId(), client.clientName(), client.explicitAuthFlows(),
                seconds(client.accessTokenValidity()), seconds(client.idTokenValidity()),
                seconds(client.refreshTokenValidity()), client.allowedOAuthFlows(), client.allowedOAuthScopes(),
                client.secret(), client.readAttributes(), client.writeAttributes(), asStored(client.settings()),
                client.version());
    }

    private static ClientSettings asStored(ClientSettings settings) {
        return new ClientSettings(settings.tokenValidityUnits(), settings.allowedOAuthFlowsUserPoolClient(),
                settings.callbackUrls(), settings.logoutUrls(), settings.defaultRedirectUri(),
                settings.supportedIdentityProviders(), settings.enableTokenRevocation(),
                settings.preventUserExistenceErrors(), settings.authSessionValidityMinutes(),
                settings.enablePropagateAdditionalUserContextData(), millis(settings.createdAt()),
                millis(settings.lastModifiedAt()));
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Duration seconds(Duration duration) {
        return Duration.ofSeconds(duration.toSeconds());
    }
}
