package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbLockVerdicts;
import io.cognate.adapters.aws.DynamoDbLockoutCounters;
import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.LockoutPolicy;
import io.cognate.domain.PasswordHasher;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.SignInAttempts;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.UserDirectory;
import io.cognate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The lockout rules ({@link SignInAttempts}) on the real DynamoDB adapters, against DynamoDB
 * Local, with an adjustable clock: exact counting under concurrency, Cognito's doubling locks,
 * resets, and verdicts from other regions.
 */
class LockoutOnDynamoDbTest {
    private static final TableNames TABLES = TableNames.withPrefix("lockout-test");
    private static final LockoutPolicy COGNITO = LockoutPolicy.cognitoDefault();
    private static LocalDynamoDb db;
    private static DynamoDbClient dynamo;
    private static DynamoDbLockoutCounters counters;
    private static DynamoDbLockVerdicts verdicts;

    private MutableClock clock;
    private String account;

    @BeforeAll
    static void startDynamoDb() {
        db = LocalDynamoDb.start("us-east-1");
        dynamo = db.client();
        new CognateTables(TABLES).createIfMissing(dynamo);
        counters = new DynamoDbLockoutCounters(dynamo, TABLES.lockout());
        verdicts = new DynamoDbLockVerdicts(dynamo, TABLES.sessions());
    }

    @AfterAll
    static void stopDynamoDb() {
        db.close();
    }

    @BeforeEach
    void freshAccount() {
        // Whole milliseconds: that is what the table stores.
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        account = "user-" + UUID.randomUUID();
    }

    private SignInAttempts attempts(LockoutPolicy policy) {
        return new SignInAttempts("us-east-1", policy, counters, verdicts, clock);
    }

    private void fail(SignInAttempts attempts) {
        attempts.failed(attempts.begin(account));
    }

    private void assertLocked(SignInAttempts attempts) {
        assertThatThrownBy(() -> attempts.begin(account))
                .isInstanceOfSatisfying(CognitoException.class, e -> {
                    assertThat(e.type()).isEqualTo("NotAuthorizedException");
                    assertThat(e.getMessage()).isEqualTo("Password attempts exceeded");
                });
    }

    @Test
    void manyConcurrentAttemptsAdmitExactlyTheAllowedNumber() throws Exception {
        SignInAttempts attempts = attempts(COGNITO);
        int callers = 40;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Callable<Boolean> attempt = () -> {
                start.await();
                try {
                    SignInAttempts.Attempt admitted = attempts.begin(account);
                    attempts.failed(admitted);
                    return true;
                } catch (CognitoException refused) {
                    return false;
                }
            };
            outcomes.add(pool.submit(attempt));
        }
        start.countDown();
        int admitted = 0;
        for (Future<Boolean> outcome : outcomes) {
            admitted += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(admitted).isEqualTo(COGNITO.maxFailures());
        assertThat(counters.read(account).orElseThrow().failures()).isEqualTo(COGNITO.maxFailures());
        assertLocked(attempts);
    }

    @Test
    void locksDoubleFromOneSecondAndStopAtFifteenMinutesWithoutStartingTheCountAgain() {
        SignInAttempts attempts = attempts(COGNITO);
        for (int i = 0; i < 4; i++) {
            fail(attempts);
        }
        assertThat(counters.read(account).orElseThrow().lockedUntil()).isEmpty();
        // 1 s, 2 s, 4 s ... 512 s, then 1024 s capped at 15 minutes.
        for (int failure = 5; failure <= 15; failure++) {
            Duration expected = Duration.ofSeconds(Math.min(1L << (failure - 5), 900));
            Instant before = clock.instant();
            fail(attempts);
            Instant lockedUntil = counters.read(account).orElseThrow().lockedUntil().orElseThrow();
            assertThat(Duration.between(before, lockedUntil)).isEqualTo(expected);
            assertLocked(attempts);
            clock.advance(expected.minusMillis(1));
            assertLocked(attempts);
            clock.advance(Duration.ofMillis(1));
        }
        // The longest lock ran out, but the idle time runs from its end: the next attempt is the
        // sixteenth, not a first (finding 11 of the security review).
        assertThat(attempts.begin(account).count()).isEqualTo(16);
    }

    @Test
    void attemptsWhileLockedAreNotCounted() {
        SignInAttempts attempts = attempts(COGNITO);
        for (int i = 0; i < 5; i++) {
            fail(attempts);
        }
        for (int i = 0; i < 10; i++) {
            assertLocked(attempts);
        }
        assertThat(counters.read(account).orElseThrow().failures()).isEqualTo(5);
    }

    @Test
    void aSuccessResetsTheCount() {
        SignInAttempts attempts = attempts(COGNITO);
        for (int i = 0; i < 4; i++) {
            fail(attempts);
        }
        attempts.succeeded(attempts.begin(account));
        assertThat(counters.read(account)).isEmpty();
        for (int i = 0; i < 4; i++) {
            fail(attempts);
        }
        assertThat(counters.read(account).orElseThrow().lockedUntil()).isEmpty();
    }

    @Test
    void fifteenIdleMinutesResetTheCount() {
        SignInAttempts attempts = attempts(COGNITO);
        for (int i = 0; i < 4; i++) {
            fail(attempts);
        }
        clock.advance(Duration.ofMinutes(15));
        SignInAttempts.Attempt afterIdle = attempts.begin(account);
        assertThat(afterIdle.count()).isEqualTo(1);
        attempts.failed(afterIdle);
        for (int i = 0; i < 3; i++) {
            fail(attempts);
        }
        assertThat(counters.read(account).orElseThrow().lockedUntil()).isEmpty();
        fail(attempts);
        assertLocked(attempts);
    }

    @Test
    void anAttemptThatNeverFinishesHoldsTheLockOnlyForItsInFlightWindow() {
        SignInAttempts attempts = attempts(COGNITO);
        for (int i = 0; i < 4; i++) {
            fail(attempts);
        }
        attempts.begin(account); // the fifth attempt's check never reports back (the function died)
        assertLocked(attempts);
        clock.advance(Duration.ofSeconds(16));
        assertThat(attempts.begin(account).count()).isEqualTo(6);
    }

    @Test
    void aRightPasswordAwaitingItsCodeStaysCountedButNoLongerHoldsTheNextAttemptOff() {
        SignInAttempts attempts = attempts(COGNITO);
        for (int i = 0; i < 4; i++) {
            fail(attempts);
        }
        SignInAttempts.Attempt password = attempts.begin(account); // the fifth: a right password, MFA next
        attempts.released(password);
        assertThat(counters.read(account).orElseThrow().failures()).isEqualTo(5);
        SignInAttempts.Attempt code = attempts.begin(account); // the code's own attempt is admitted at once
        assertThat(code.count()).isEqualTo(6);
        attempts.failed(code);
        assertLocked(attempts);
    }

    @Test
    void everyLimitIsConfigurable() {
        LockoutPolicy strict = new LockoutPolicy(2, Duration.ofMinutes(3), Duration.ofMinutes(10),
                Duration.ofHours(1), true);
        SignInAttempts attempts = attempts(strict);
        fail(attempts);
        fail(attempts);
        assertLocked(attempts);
        clock.advance(Duration.ofMinutes(3).plusSeconds(1));
        fail(attempts);
        clock.advance(Duration.ofMinutes(6).minusSeconds(1));
        assertLocked(attempts);
        clock.advance(Duration.ofSeconds(1));
        fail(attempts);
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertLocked(attempts); // 3 min doubled twice is 12 min, capped at 10
        clock.advance(Duration.ofSeconds(2));
        attempts.succeeded(attempts.begin(account));
        assertThat(counters.read(account)).isEmpty();
    }

    @Test
    void aLockWritesAVerdictThatLocksTheAccountInAnotherRegion() {
        SignInAttempts east = attempts(COGNITO.withLocks(Duration.ofMinutes(2), Duration.ofMinutes(15)));
        SignInAttempts west = new SignInAttempts("eu-west-1", COGNITO, counters, verdicts, clock);
        for (int i = 0; i < 5; i++) {
            fail(east);
        }
        assertThat(verdicts.find(account)).singleElement().satisfies(v -> assertThat(v.region()).isEqualTo("us-east-1"));
        // The counter item is east's; west sees only the verdict, and honours it.
        counters.reset(account);
        assertLocked(west);
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        assertThat(west.begin(account).count()).isEqualTo(1);
    }

    @Test
    void aLockedSignInIsRefusedWithoutCheckingThePassword() {
        var hasher = new CountingHasher();
        var user = new User(UUID.randomUUID().toString(), Username.of(account), UserStatus.CONFIRMED, true,
                Map.of("email", "a@example.com"), hasher.hash("Right-Password-1"), Optional.empty(),
                clock.instant(), clock.instant());
        var signIn = new PasswordSignIn(new OneUserDirectory(user), hasher, attempts(COGNITO));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> signIn.authenticate(account, "Wrong-Password-1"))
                    .hasMessage("Incorrect username or password.");
        }
        assertThat(hasher.checks).isEqualTo(5);
        assertThatThrownBy(() -> signIn.authenticate(account, "Right-Password-1"))
                .hasMessage("Password attempts exceeded");
        assertThatThrownBy(() -> signIn.authenticate(account.toUpperCase(Locale.ROOT), "Right-Password-1"))
                .hasMessage("Password attempts exceeded");
        assertThat(hasher.checks).isEqualTo(5);
        clock.advance(Duration.ofSeconds(1));
        assertThat(signIn.authenticate(account, "Right-Password-1").sub()).isEqualTo(user.sub());
        assertThat(hasher.checks).isEqualTo(6);
    }

    @Test
    void anUnknownUserCostsOneDummyCheckAndADisabledOneIsToldOnlyWithItsRightPassword() {
        var hasher = new CountingHasher();
        var disabled = new User(UUID.randomUUID().toString(), Username.of(account), UserStatus.CONFIRMED, false,
                Map.of("email", "a@example.com"), hasher.hash("Right-Password-1"), Optional.empty(),
                clock.instant(), clock.instant());
        var signIn = new PasswordSignIn(new OneUserDirectory(disabled), hasher, attempts(COGNITO));
        assertThatThrownBy(() -> signIn.authenticate("someone-else", "Right-Password-1"))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("NotAuthorizedException"))
                .hasMessage("Incorrect username or password.");
        assertThat(hasher.checks).isEqualTo(1);
        // A wrong password: the disabled account answers and counts like any other.
        assertThatThrownBy(() -> signIn.authenticate(account, "Wrong-Password-1"))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("NotAuthorizedException"))
                .hasMessage("Incorrect username or password.");
        assertThat(hasher.checks).isEqualTo(2);
        assertThat(counters.read(account).orElseThrow().failures()).isEqualTo(1);
        assertThat(counters.read("someone-else").orElseThrow().failures()).isEqualTo(1);
        // The right one: told it is disabled, as Cognito tells it, which is news only to its owner.
        assertThatThrownBy(() -> signIn.authenticate(account, "Right-Password-1"))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("NotAuthorizedException"))
                .hasMessage("User is disabled.");
        assertThat(hasher.checks).isEqualTo(3);
    }

    @Test
    void signInsReportSuccessFailureAndTheOneMomentAnAccountLocks() {
        var hasher = new CountingHasher();
        var user = new User(UUID.randomUUID().toString(), Username.of(account), UserStatus.CONFIRMED, true,
                Map.of("email", "a@example.com"), hasher.hash("Right-Password-1"), Optional.empty(),
                clock.instant(), clock.instant());
        var events = new RecordedEvents();
        var attempts = new SignInAttempts("us-east-1", COGNITO, counters, verdicts, clock, events);
        var signIn = new PasswordSignIn(new OneUserDirectory(user), hasher, attempts, events);

        signIn.authenticate(account, "Right-Password-1");
        assertThat(events.names).containsExactly("signInSucceeded");
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> signIn.authenticate(account, "Wrong-Password-1"));
        }
        // Five refusals; the fifth locks the account (Cognito's threshold), once.
        assertThat(events.names.subList(1, events.names.size())).containsExactly("signInFailed", "signInFailed",
                "signInFailed", "signInFailed", "accountLocked", "signInFailed");
        events.names.clear();
        assertThatThrownBy(() -> signIn.authenticate(account, "Right-Password-1")).hasMessage("Password attempts exceeded");
        assertThat(events.names).as("a refusal while locked is a failed sign-in, not a new lock")
                .containsExactly("signInFailed");
    }

    /** The names of the events reported, in order. */
    private static final class RecordedEvents implements io.cognate.ports.AuthEvents {
        final List<String> names = new ArrayList<>();

        @Override
        public void signInSucceeded() {
            names.add("signInSucceeded");
        }

        @Override
        public void signInFailed() {
            names.add("signInFailed");
        }

        @Override
        public void accountLocked() {
            names.add("accountLocked");
        }

        @Override
        public void promoted(long epoch) {
            names.add("promoted " + epoch);
        }

        @Override
        public void replicationLag(String peerRegion, Duration heartbeatAge) {
            names.add("replicationLag " + peerRegion);
        }
    }

    /** Counts checks; a dummy check counts like a real one. Plain comparison: speed is not the point here. */
    private static final class CountingHasher implements PasswordHasher {
        int checks;

        @Override
        public String hash(String password) {
            return "plain:" + password;
        }

        @Override
        public synchronized boolean matches(String password, String storedHash) {
            checks++;
            return storedHash.equals("plain:" + password);
        }

        @Override
        public synchronized void burnEquivalentWork(String password) {
            checks++;
        }
    }

    private record OneUserDirectory(User user) implements UserDirectory {
        @Override
        public Optional<User> findByUsername(Username username) {
            return user.username().key().equals(username.key()) ? Optional.of(user) : Optional.empty();
        }

        @Override
        public Optional<User> findBySub(String sub) {
            return user.sub().equals(sub) ? Optional.of(user) : Optional.empty();
        }

        @Override
        public Optional<AppClient> findClient(String clientId) {
            return Optional.empty();
        }

        @Override
        public void create(User newUser, LeaderRecord fence) {
            throw new UnsupportedOperationException();
        }

        @Override
        public User update(User changed, LeaderRecord fence) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putClient(AppClient client, LeaderRecord fence) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeDecoy(Username username, java.time.Instant expiresAt, LeaderRecord fence) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void withoutReplicatedVerdictsNoVerdictIsWrittenOrRead() {
        LockoutPolicy local = new LockoutPolicy(5, Duration.ofMinutes(1), Duration.ofMinutes(15),
                Duration.ofMinutes(15), false);
        SignInAttempts attempts = attempts(local);
        for (int i = 0; i < 5; i++) {
            fail(attempts);
        }
        assertLocked(attempts);
        assertThat(verdicts.find(account)).isEmpty();
        verdicts.record(account, "eu-west-1", clock.instant().plus(Duration.ofHours(1)));
        counters.reset(account);
        assertThat(attempts.begin(account).count()).isEqualTo(1);
    }
}
