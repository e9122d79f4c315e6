package io.cognate.bench;

import io.cognate.adapters.aws.AwsClients;
import io.cognate.config.CognateConfig;
import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.LockoutPolicy;
import io.cognate.domain.User;
import io.cognate.domain.UserAttributes;
import io.cognate.domain.Username;
import io.cognate.identity.IdentityApiServices;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.local.LocalRegion;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
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
 * What a failed password sign-in costs, by kind of failure: a known user with a wrong password,
 * an unknown user, a wrong password for a disabled account. If the three differ, timing tells an attacker who exists.
 * The whole sign-in path runs (lockout counter, verdict look-up, Directory reads, Argon2id) on
 * the local stack's DynamoDB Local and KMS; the lockout limit is raised out of reach, since the
 * benchmark fails the same accounts thousands of times.
 *
 * <p>The three kinds run at the same time, one thread each, in one JMH group: on a shared
 * machine the load changes from second to second, and measured side by side all three see the
 * same load, so their ratio holds even when the absolute times move.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 10, time = 5)
public class SignInEnumerationBench {
    private static final String PASSWORD = "Bench-Password-9";
    private LocalCognate stack;
    private IdentityApiServices services;
    private IdentityService identity;
    private String clientId;

    @Setup
    public void setUp() {
        stack = LocalCognate.start(LocalOptions.ephemeral(), new PrintStream(OutputStream.nullOutputStream()));
        LocalRegion primary = stack.primary();
        clientId = stack.clientId();
        CognateConfig config = primary.services().config()
                .withLockout(LockoutPolicy.cognitoDefault().withMaxFailures(Integer.MAX_VALUE));
        services = new IdentityApiServices(config, AwsClients.create(config), Clock.systemUTC());
        identity = services.identityService();
        for (String name : List.of("known", "disabled")) {
            identity.signUp(clientId, name, PASSWORD, List.of(new UserAttributes.Attribute("email", name + "@example.com")));
            identity.confirmSignUp(clientId, name, stack.outbox().latestCodeFor(name).orElseThrow());
        }
        User user = services.directory().findByUsername(Username.of("disabled")).orElseThrow();
        services.directory().update(user.withEnabled(false, user.updatedAt()), services.leaders().current().orElseThrow());
    }

    @TearDown
    public void tearDown() {
        services.close();
        stack.close();
    }

    private String signIn(String username, String password) {
        try {
            identity.passwordAuth(clientId, username, password);
            return "signed in";
        } catch (CognitoException refused) {
            return refused.getMessage();
        }
    }

    @Benchmark
    @Group("failedSignIn")
    @GroupThreads(1)
    public String knownUserWrongPassword() {
        return signIn("known", "Wrong-Password-1");
    }

    @Benchmark
    @Group("failedSignIn")
    @GroupThreads(1)
    public String unknownUser() {
        return signIn("nobody", "Wrong-Password-1");
    }

    @Benchmark
    @Group("failedSignIn")
    @GroupThreads(1)
    public String disabledUser() {
        // A guess: only the right password hears that the account is disabled.
        return signIn("disabled", "Wrong-Password-1");
    }
}
