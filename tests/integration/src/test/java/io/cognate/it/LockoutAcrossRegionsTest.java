package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.AwsClients;
import io.cognate.adapters.aws.DynamoDbLockoutCounters;
import io.cognate.config.CognateConfig;
import io.cognate.domain.LockoutPolicy;
import io.cognate.domain.Username;
import io.cognate.identity.IdentityApiHandler;
import io.cognate.identity.IdentityApiServices;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.local.gateway.LocalApiGateway;
import io.cognate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * Lockout on the local two-region stack, through the AWS SDK's Cognito client: a flood of
 * parallel wrong passwords locks the account after exactly the configured number, the lock
 * holds in the other region once its verdict has replicated (the counters themselves stay in
 * the region that counted), and a right password after the lock has run out resets the count.
 *
 * <p>The attacked region is the primary's own tables and handler, wired with an adjustable
 * clock and a five-minute first lock (so the lock cannot run out while the test looks at the
 * other region); the other region is the stack's secondary exactly as it runs.
 */
@ExtendWith(LockoutAcrossRegionsTest.Stack.class)
class LockoutAcrossRegionsTest {
    private static final String PASSWORD = "Lockout-Story-42";
    private static final Duration FIRST_LOCK = Duration.ofMinutes(5);
    private static final LockoutPolicy POLICY = LockoutPolicy.cognitoDefault().withLocks(FIRST_LOCK, Duration.ofMinutes(15));
    private static LocalCognate stack;
    private static LocalRegion primary;
    private static LocalRegion secondary;
    private static MutableClock clock;
    private static IdentityApiServices attackedServices;
    private static LocalApiGateway attackedGateway;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            primary = stack.regions().get(0);
            secondary = stack.regions().get(1);
        }
    }

    @BeforeAll
    static void startAttackedRegion() {
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        CognateConfig config = primary.services().config().withLockout(POLICY);
        attackedServices = new IdentityApiServices(config, AwsClients.create(config), clock);
        attackedGateway = new LocalApiGateway(primary.name(), 0)
                .route("POST /", "identity-api", new IdentityApiHandler(attackedServices))
                .start();
    }

    @AfterAll
    static void stopAttackedRegion() {
        attackedGateway.close();
        attackedServices.close();
    }

    private static String signUpAndConfirm() {
        String username = "locked-" + UUID.randomUUID().toString().substring(0, 8);
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            east.signUp(b -> b.clientId(stack.clientId()).username(username).password(PASSWORD)
                    .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
            String code = stack.outbox().latestCodeFor(username).orElseThrow();
            east.confirmSignUp(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code));
        }
        return username;
    }

    private static AuthenticationResultType signIn(CognitoIdentityProviderClient client, String username, String password) {
        return client.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password))).authenticationResult();
    }

    private static String refusal(CognitoIdentityProviderClient client, String username, String password) {
        try {
            signIn(client, username, password);
            return "signed in";
        } catch (NotAuthorizedException e) {
            return e.awsErrorDetails().errorMessage();
        }
    }

    @Test
    void aFloodOfWrongPasswordsLocksAfterExactlyTheLimitInBothRegionsUntilTheLockRunsOut() throws Exception {
        String username = signUpAndConfirm();
        String account = Username.of(username).key();
        int flood = 24;
        List<String> answers = new ArrayList<>();
        try (var attacked = TwoRegionStoryTest.cognito(attackedGateway.uri(), primary.name())) {
            ExecutorService callers = Executors.newFixedThreadPool(flood);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> pending = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                String wrong = "Wrong-Password-" + i;
                pending.add(callers.submit(() -> {
                    start.await();
                    return refusal(attacked, username, wrong);
                }));
            }
            start.countDown();
            for (Future<String> answer : pending) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
            callers.shutdown();

            assertThat(answers).filteredOn("Incorrect username or password."::equals).hasSize(POLICY.maxFailures());
            assertThat(answers).filteredOn("Password attempts exceeded"::equals).hasSize(flood - POLICY.maxFailures());
            // Locked: even the right password is refused, unchecked.
            assertThat(refusal(attacked, username, PASSWORD)).isEqualTo("Password attempts exceeded");
        }

        // Counted only where the attempts were made: the counter is in the primary's Lockout table alone.
        var eastCounters = new DynamoDbLockoutCounters(primary.dynamoClient(), LocalRegion.TABLES.lockout());
        var westCounters = new DynamoDbLockoutCounters(secondary.dynamoClient(), LocalRegion.TABLES.lockout());
        assertThat(eastCounters.read(account).orElseThrow().failures()).isEqualTo(POLICY.maxFailures());

        // The verdict replicates: the other region, as the stack runs it, refuses the right password too.
        assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(20))).isTrue();
        try (var west = TwoRegionStoryTest.cognito(secondary)) {
            assertThat(refusal(west, username, PASSWORD)).isEqualTo("Password attempts exceeded");
        }
        assertThat(westCounters.read(account)).isEmpty();

        // Once the lock has run out, the right password signs in and the count starts again.
        clock.advance(FIRST_LOCK.plusSeconds(1));
        try (var attacked = TwoRegionStoryTest.cognito(attackedGateway.uri(), primary.name())) {
            assertThat(signIn(attacked, username, PASSWORD).accessToken()).isNotBlank();
            assertThat(eastCounters.read(account)).isEmpty();
            assertThat(refusal(attacked, username, "Wrong-Password-again")).isEqualTo("Incorrect username or password.");
            assertThat(eastCounters.read(account).orElseThrow().failures()).isEqualTo(1);
            assertThat(eastCounters.read(account).orElseThrow().lockedUntil()).isEmpty();
        }
    }

    @Test
    void anUnknownUserLocksExactlyLikeAKnownOne() {
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        try (var attacked = TwoRegionStoryTest.cognito(attackedGateway.uri(), primary.name())) {
            for (int i = 0; i < POLICY.maxFailures(); i++) {
                assertThat(refusal(attacked, nobody, "Wrong-Password-" + i)).isEqualTo("Incorrect username or password.");
            }
            assertThatThrownBy(() -> signIn(attacked, nobody, "Wrong-Password-x"))
                    .isInstanceOfSatisfying(NotAuthorizedException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Password attempts exceeded"));
        }
    }
}
