package io.cognate.bench;

import io.cognate.adapters.aws.AwsClients;
import io.cognate.config.CognateConfig;
import io.cognate.domain.AccountService;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.identity.IdentityApiServices;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.local.LocalRegion;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a ForgotPassword costs for a user who gets a code, for an unknown user and for a user
 * whose address is unverified (who gets none): if the first took longer, timing would tell an
 * attacker who has an account. The whole operation runs (send budget, write fence, Directory
 * reads and the fenced write, the event) on the local stack's DynamoDB Local and EventBridge.
 * The three kinds run side by side in one JMH group, as in {@link SignInEnumerationBench}, so
 * that the machine's load falls on all three alike.
 *
 * <p>A user is sent at most five codes an hour, so the user who gets a code is one of
 * {@link #USERS_SENT_CODES} in turn; the per-client send budget is raised out of reach.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class ForgotPasswordEnumerationBench {
    /** 20,000 sends at five a user: enough for the 35 s measured while a send takes over 1.75 ms. */
    private static final int USERS_SENT_CODES = 4_000;

    private LocalCognate stack;
    private IdentityApiServices services;
    private AccountService accounts;
    private String clientId;
    private int next;

    @Setup
    public void setUp() {
        stack = LocalCognate.start(LocalOptions.ephemeral(), new PrintStream(OutputStream.nullOutputStream()));
        LocalRegion primary = stack.primary();
        clientId = stack.clientId();
        CognateConfig config = primary.services().config().withCodeSendsPerClientPerHour(Integer.MAX_VALUE);
        services = new IdentityApiServices(config, AwsClients.create(config), Clock.systemUTC());
        accounts = services.accountService();
        LeaderRecord leader = services.leaders().current().orElseThrow();
        Instant now = Instant.now();
        // Written straight to the Directory: a sign-up each would spend minutes on Argon2id.
        for (int i = 0; i < USERS_SENT_CODES; i++) {
            services.directory().create(user("known-" + i, "true", now), leader);
        }
        services.directory().create(user("unverified", "false", now), leader);
    }

    private static User user(String name, String emailVerified, Instant now) {
        return new User("sub-" + name, Username.of(name), UserStatus.CONFIRMED, true,
                Map.of("email", name + "@example.com", "email_verified", emailVerified),
                "not-a-password-hash", Optional.empty(), now, now);
    }

    @TearDown
    public void tearDown() {
        services.close();
        stack.close();
    }

    @Benchmark
    @Group("forgotPassword")
    @GroupThreads(1)
    public Object knownUserSentACode() {
        // Only this thread touches next (one thread in the group runs this method).
        String name = "known-" + (next++ % USERS_SENT_CODES);
        return accounts.forgotPassword(clientId, name);
    }

    @Benchmark
    @Group("forgotPassword")
    @GroupThreads(1)
    public Object unknownUser() {
        return accounts.forgotPassword(clientId, "nobody");
    }

    @Benchmark
    @Group("forgotPassword")
    @GroupThreads(1)
    public Object unverifiedAddressNoCode() {
        return accounts.forgotPassword(clientId, "unverified");
    }
}
