package io.cognate.bench.chaos;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;

/**
 * The writes a split brain is played with: users made (and replicated everywhere) before the
 * split, then, once a follower has taken over while the old leader still believes it leads, each
 * written once at each leader's own endpoint, as two clients would whose DNS answers differ (one
 * still cached for the old leader, one following the flip). The order varies on purpose: where the
 * old leader writes last, its acknowledged write loses to the higher epoch and is lost, and must be
 * reported by a conflict record; where the new leader writes last, the old leader's write is
 * superseded, and detection still records the fork.
 *
 * <ul>
 *   <li>a name (AdminUpdateUserAttributes) written at the new leader, then at the old one; and the
 *       other way round;</li>
 *   <li>a password (ChangePassword, each side from the password both held) the same two ways;</li>
 *   <li>a name at the old leader and a password at the new one: two fields of one item;</li>
 *   <li>one fresh username signed up at both, each order once (USERNAME_CLAIM).</li>
 * </ul>
 *
 * <p>One write per side per item. The fork of the new leader writing one user twice with the old
 * leader's write in between is left to the regular workload writing during the split (at random)
 * and to {@code ReplicationConflictScenarioTest} (on purpose): users' profiles carry the ancestor
 * stamp that tells it apart (docs/architecture.md, "Replication conflicts").
 */
final class SplitBrainWrites implements AutoCloseable {
    /** Users made before the split: one per line of the plan in {@link #write}. */
    static final int USERS = 5;
    /** How long the users made before the split may take to reach every region. */
    private static final Duration REPLICATED_BOUND = Duration.ofSeconds(20);
    /** Per call: a region under load answers within seconds; a call that hangs longer is in doubt. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private final LocalCognate stack;
    private final ChaosWorkload workload;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(CALL_TIMEOUT).build();
    private final List<SplitUser> users = new ArrayList<>();
    private int acknowledged;

    /** A user made for the split, as its client knows it. */
    private record SplitUser(String username, String accessToken) {
    }

    SplitBrainWrites(LocalCognate stack, ChaosWorkload workload) {
        this.stack = stack;
        this.workload = workload;
    }

    /**
     * Before the run's first fault: makes the users through the front door (sign-up, confirmation,
     * sign-in) and waits until every region holds them. Returns false if they could not all be
     * made. Their access tokens last an hour (the pool's default), longer than a run of the default
     * ten minutes takes to reach its split.
     */
    boolean prepare() {
        var target = workload.target();
        for (int i = 0; i < USERS; i++) {
            String username = workload.newUsername("split");
            if (workload.signUpOnly(username, ChaosWorkload.FIRST_PASSWORD, "split-sign-up") == null) {
                return false;
            }
            long start = System.nanoTime();
            try {
                target.admin().adminConfirmSignUp(b -> b.userPoolId(target.userPoolId()).username(username));
                workload.acknowledgedAt(stack.trafficRegion().orElse("none"), "admin-confirm", Ledger.Kind.CONFIRM,
                        username, "CONFIRMED", start, "confirmed");
                String token = target.cognito().initiateAuth(b -> b.clientId(target.clientId())
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", username, "PASSWORD", ChaosWorkload.FIRST_PASSWORD)))
                        .authenticationResult().accessToken();
                users.add(new SplitUser(username, token));
            } catch (RuntimeException e) {
                workload.doubtOf("split-prepare", Ledger.Kind.CONFIRM, username, "CONFIRMED", e);
                return false;
            }
        }
        return stack.replication().awaitReplicated(REPLICATED_BOUND);
    }

    /**
     * The writes on both sides: {@code stale} is the old leader, {@code promoted} the one that took
     * over. Returns how many were acknowledged; {@code note} hears each step for the progress line.
     */
    int write(String stale, String promoted, Consumer<String> note) {
        if (users.size() < USERS) {
            return 0;
        }
        try (Side old = new Side(stale); Side current = new Side(promoted)) {
            note.accept("split brain: writing the same users at " + stale + " and " + promoted);
            name(current, users.get(0), "new leader first");
            name(old, users.get(0), "old leader last");
            name(old, users.get(1), "old leader first");
            name(current, users.get(1), "new leader last");
            password(current, users.get(2));
            password(old, users.get(2));
            password(old, users.get(3));
            password(current, users.get(3));
            name(old, users.get(4), "old leader, another field than the new leader's");
            password(current, users.get(4));
            String first = workload.newUsername("claim");
            signUp(current, first);
            signUp(old, first);
            String second = workload.newUsername("claim");
            signUp(old, second);
            signUp(current, second);
        }
        return acknowledged;
    }

    private void name(Side side, SplitUser user, String why) {
        String name = "Split " + side.region + " " + why + " " + workload.newUsername("n");
        long start = System.nanoTime();
        try {
            side.admin.adminUpdateUserAttributes(b -> b.userPoolId(stack.userPoolId()).username(user.username())
                    .userAttributes(AttributeType.builder().name("name").value(name).build()));
            workload.acknowledgedAt(side.region, "split-update-attributes", Ledger.Kind.ATTRIBUTE, user.username(), name,
                    start, "200 at " + side.region);
            acknowledged++;
        } catch (RuntimeException e) {
            workload.doubtOf("split-update-attributes", Ledger.Kind.ATTRIBUTE, user.username(), name, e);
        }
    }

    /** Each side changes the password from the one both held before the split. */
    private void password(Side side, SplitUser user) {
        String next = "Split-" + side.region + "-" + workload.newUsername("p").hashCode() + "-7X";
        long start = System.nanoTime();
        try {
            side.cognito.changePassword(b -> b.accessToken(user.accessToken())
                    .previousPassword(ChaosWorkload.FIRST_PASSWORD).proposedPassword(next));
            workload.acknowledgedAt(side.region, "split-change-password", Ledger.Kind.PASSWORD, user.username(), next,
                    start, "200 at " + side.region);
            acknowledged++;
        } catch (RuntimeException e) {
            workload.doubtOf("split-change-password", Ledger.Kind.PASSWORD, user.username(), next, e);
        }
    }

    private void signUp(Side side, String username) {
        long start = System.nanoTime();
        try {
            String sub = side.cognito.signUp(b -> b.clientId(stack.clientId()).username(username)
                    .password(ChaosWorkload.FIRST_PASSWORD)
                    .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()))
                    .userSub();
            workload.acknowledgedAt(side.region, "split-sign-up", Ledger.Kind.SIGN_UP, username, sub, start,
                    "UserSub " + sub + " at " + side.region);
            acknowledged++;
        } catch (RuntimeException e) {
            workload.doubtOf("split-sign-up", Ledger.Kind.SIGN_UP, username, null, e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** One region's own endpoint: a public client and an admin client (the stack's admin key), SDK retries off. */
    private final class Side implements AutoCloseable {
        final String region;
        final CognitoIdentityProviderClient cognito;
        final CognitoIdentityProviderClient admin;

        Side(String region) {
            this.region = region;
            LocalRegion local = stack.region(region);
            this.cognito = client(local, AnonymousCredentialsProvider.create());
            this.admin = client(local, StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    stack.adminAccessKeyId(), stack.adminSecretAccessKey())));
        }

        private CognitoIdentityProviderClient client(LocalRegion local, AwsCredentialsProvider credentials) {
            return CognitoIdentityProviderClient.builder().endpointOverride(local.endpoint())
                    .region(Region.of(local.name())).httpClient(http).credentialsProvider(credentials)
                    .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(CALL_TIMEOUT))
                    .build();
        }

        @Override
        public void close() {
            cognito.close();
            admin.close();
        }
    }
}
