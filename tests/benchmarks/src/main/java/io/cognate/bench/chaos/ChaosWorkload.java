package io.cognate.bench.chaos;

import io.cognate.bench.load.LoadTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;

/**
 * The chaos run's mixed workload, one step at a time per worker, through the front door with the
 * SDK's Cognito client (no SDK retries: every failure is seen and counted). Each worker owns its
 * users, so no two workers write the same user and each user's writes are ordered. Weights, per
 * step (assumed, as an app's day might mix them): sign-in 25 %, refresh 20 %, sign-up with
 * confirmation 20 %, admin attribute write 15 %, password change 10 %, TOTP enrolment 10 %.
 *
 * <p>A write that fails leaves its user in doubt for that change: the user is frozen (no further
 * operations), and the check after heal accepts either outcome for it.
 */
final class ChaosWorkload {
    static final String FIRST_PASSWORD = "Chaos-Monkey-9";
    /** Writes to users made before the run would need a warm-up; two sign-ups per worker start each pool. */
    private static final int FIRST_USERS_PER_WORKER = 2;
    /** How long the probe users may take to make before the run gives up: the pool is steady then. */
    private static final long PROBE_USERS_BOUND_MS = 30_000;

    private final LoadTarget target;
    private final Ledger ledger;
    private final Tally tally;
    private final LongSupplier elapsedMs;
    private final Supplier<String> trafficRegion;
    /** The region the traffic record named when this worker's current call was sent ({@link #started}). */
    private final ThreadLocal<String> sentRegion = new ThreadLocal<>();
    private final String run;
    private final AtomicLong names = new AtomicLong();
    private final List<List<PoolUser>> usersByWorker = new ArrayList<>();

    /** A user a worker owns, and what the worker knows about it. */
    private static final class PoolUser {
        final String username;
        String password = FIRST_PASSWORD;
        String accessToken;
        String refreshToken;
        String totpSecret;
        final Set<Long> usedSteps = new HashSet<>();
        boolean frozen;

        PoolUser(String username) {
            this.username = username;
        }
    }

    private volatile boolean writesPaused;

    ChaosWorkload(LoadTarget target, Ledger ledger, Tally tally, LongSupplier elapsedMs, Supplier<String> trafficRegion,
                  String run, int workers) {
        this.target = target;
        this.ledger = ledger;
        this.tally = tally;
        this.elapsedMs = elapsedMs;
        this.trafficRegion = trafficRegion;
        this.run = run;
        for (int i = 0; i < workers; i++) {
            usersByWorker.add(new ArrayList<>());
        }
    }

    /** While set, workers only sign in and refresh: {@link ChaosRun.Settings#regularWritesInSplits()}. */
    void pauseWrites(boolean paused) {
        writesPaused = paused;
    }

    /** One operation of worker {@code worker}. */
    void step(int worker, SplittableRandom random) {
        List<PoolUser> users = usersByWorker.get(worker);
        List<PoolUser> live = users.stream().filter(u -> !u.frozen).toList();
        int roll = random.nextInt(100);
        if (writesPaused && !live.isEmpty()) {
            PoolUser user = live.get(random.nextInt(live.size()));
            if (user.refreshToken == null || roll < 50) {
                signIn(user);
            } else {
                refresh(user);
            }
            return;
        }
        if (live.size() < FIRST_USERS_PER_WORKER || roll < 20) {
            signUp(users);
            return;
        }
        PoolUser user = live.get(random.nextInt(live.size()));
        if (roll < 45) {
            signIn(user);
        } else if (roll < 65) {
            if (user.refreshToken == null) {
                signIn(user);
            } else {
                refresh(user);
            }
        } else if (roll < 80) {
            updateName(user, random);
        } else if (roll < 90) {
            if (user.accessToken == null) {
                signIn(user);
            } else {
                changePassword(user, random);
            }
        } else if (user.totpSecret == null && user.accessToken != null) {
            enrolTotp(user);
        } else {
            signIn(user);
        }
    }

    /** A fresh username for this run ({@code chaos-<run>-<n>}). */
    String newUsername(String role) {
        return "chaos-" + run + "-" + role + names.incrementAndGet();
    }

    private void signUp(List<PoolUser> users) {
        String username = newUsername("u");
        String sub = signUpOnly(username, FIRST_PASSWORD, "sign-up");
        if (sub == null) {
            return;
        }
        PoolUser user = new PoolUser(username);
        users.add(user);
        long start = started();
        try {
            target.admin().adminConfirmSignUp(b -> b.userPoolId(target.userPoolId()).username(username));
            acknowledged("admin-confirm", Ledger.Kind.CONFIRM, username, "CONFIRMED", start, "confirmed");
        } catch (RuntimeException e) {
            doubt("admin-confirm", Ledger.Kind.CONFIRM, user, "CONFIRMED", e);
        }
    }

    /**
     * {@code count} users for {@link WritableProbe} to write, signed up before the first fault (the
     * pool is steady then, so each takes one try or a few); throws if the pool takes none for
     * {@link #PROBE_USERS_BOUND_MS} ms.
     */
    List<String> probeUsers(int count) {
        List<String> made = new ArrayList<>();
        long deadline = System.nanoTime() + PROBE_USERS_BOUND_MS * 1_000_000;
        while (made.size() < count) {
            String username = newUsername("probe");
            if (signUpOnly(username, FIRST_PASSWORD, "probe-sign-up") != null) {
                made.add(username);
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pool took no sign-up of a probe user in "
                        + PROBE_USERS_BOUND_MS / 1000 + " s before the first fault");
            }
        }
        return List.copyOf(made);
    }

    /**
     * The probe's write: the {@code name} of {@code username} set by AdminUpdateUserAttributes,
     * acknowledged (true, in the ledger) or not (false, in doubt). Not a sign-up: SignUp spends the
     * app client's hourly send budget ({@code LimitExceededException} once it is spent, about 500 s
     * into a ten-minute run), and a refusal by that limit says nothing about whether the pool takes
     * writes; nor can it be read as "writable": the limit refuses before the write is tried, so a
     * pool that has no leader would answer it the same. An attribute write without a code to send
     * spends no budget and goes to the leader like every other write.
     */
    boolean probeWrite(String username, String name) {
        long start = System.nanoTime();
        try {
            target.admin().adminUpdateUserAttributes(b -> b.userPoolId(target.userPoolId()).username(username)
                    .userAttributes(AttributeType.builder().name("name").value(name).build()));
            acknowledged("probe-attribute", Ledger.Kind.ATTRIBUTE, username, name, start, "200");
            return true;
        } catch (RuntimeException e) {
            doubtOf("probe-attribute", Ledger.Kind.ATTRIBUTE, username, name, e);
            return false;
        }
    }

    /** SignUp alone; the user's sub when acknowledged, else null (the failure counted and, if unknown, kept in doubt). */
    String signUpOnly(String username, String password, String operation) {
        long start = started();
        try {
            String sub = target.cognito().signUp(b -> b.clientId(target.clientId()).username(username).password(password)
                    .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()))
                    .userSub();
            acknowledged(operation, Ledger.Kind.SIGN_UP, username, sub, start, "UserSub " + sub);
            return sub;
        } catch (RuntimeException e) {
            failed(operation, e);
            ledger.inDoubt(Ledger.Kind.SIGN_UP, username, null, elapsedMs.getAsLong(), errorType(e));
            return null;
        }
    }

    private void signIn(PoolUser user) {
        try {
            var answer = target.cognito().initiateAuth(b -> b.clientId(target.clientId())
                    .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", user.username, "PASSWORD", user.password)));
            AuthenticationResultType result = answer.authenticationResult();
            if (answer.challengeName() == ChallengeNameType.SOFTWARE_TOKEN_MFA) {
                Long step = unusedStep(user);
                if (step == null) {
                    return; // both codes the pool would take now are spent; this user waits for the next step
                }
                user.usedSteps.add(step);
                result = target.cognito().respondToAuthChallenge(b -> b.clientId(target.clientId())
                        .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(answer.session())
                        .challengeResponses(Map.of("USERNAME", user.username,
                                "SOFTWARE_TOKEN_MFA_CODE", TotpCodes.code(user.totpSecret, step))))
                        .authenticationResult();
            }
            if (result == null || result.accessToken() == null) {
                tally.failed("sign-in", elapsedMs.getAsLong(), "no tokens");
                return;
            }
            user.accessToken = result.accessToken();
            user.refreshToken = result.refreshToken();
            tally.answered(user.totpSecret == null ? "sign-in" : "sign-in-totp");
        } catch (RuntimeException e) {
            failed("sign-in", e);
        }
    }

    /** This step's code, or the next one's (the pool allows one step of drift), if not used yet for this user. */
    private static Long unusedStep(PoolUser user) {
        long now = TotpCodes.step(Instant.now());
        for (long step = now; step <= now + 1; step++) {
            if (!user.usedSteps.contains(step)) {
                return step;
            }
        }
        return null;
    }

    private void refresh(PoolUser user) {
        try {
            var result = target.cognito().initiateAuth(b -> b.clientId(target.clientId())
                    .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                    .authParameters(Map.of("REFRESH_TOKEN", user.refreshToken))).authenticationResult();
            if (result == null || result.accessToken() == null) {
                tally.failed("refresh", elapsedMs.getAsLong(), "no tokens");
                return;
            }
            user.accessToken = result.accessToken();
            if (result.refreshToken() != null) {
                user.refreshToken = result.refreshToken(); // rotated: the old one may be spent
            }
            tally.answered("refresh");
        } catch (RuntimeException e) {
            failed("refresh", e);
        }
    }

    private void updateName(PoolUser user, SplittableRandom random) {
        String name = "Chaos " + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        long start = started();
        try {
            target.admin().adminUpdateUserAttributes(b -> b.userPoolId(target.userPoolId()).username(user.username)
                    .userAttributes(AttributeType.builder().name("name").value(name).build()));
            acknowledged("admin-update-attributes", Ledger.Kind.ATTRIBUTE, user.username, name, start, "200");
        } catch (RuntimeException e) {
            doubt("admin-update-attributes", Ledger.Kind.ATTRIBUTE, user, name, e);
        }
    }

    private void changePassword(PoolUser user, SplittableRandom random) {
        String next = "Chaos-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "-7X";
        long start = started();
        try {
            target.cognito().changePassword(b -> b.accessToken(user.accessToken).previousPassword(user.password)
                    .proposedPassword(next));
            user.password = next;
            acknowledged("change-password", Ledger.Kind.PASSWORD, user.username, next, start, "200");
        } catch (RuntimeException e) {
            doubt("change-password", Ledger.Kind.PASSWORD, user, next, e);
        }
    }

    private void enrolTotp(PoolUser user) {
        long start = started();
        try {
            String secret = target.cognito().associateSoftwareToken(b -> b.accessToken(user.accessToken)).secretCode();
            long step = TotpCodes.step(Instant.now());
            var verified = target.cognito().verifySoftwareToken(b -> b.accessToken(user.accessToken)
                    .userCode(TotpCodes.code(secret, step)).friendlyDeviceName("chaos"));
            if (verified.status() != VerifySoftwareTokenResponseType.SUCCESS) {
                throw new IllegalStateException("VerifySoftwareToken answered " + verified.statusAsString());
            }
            user.usedSteps.add(step);
            target.cognito().setUserMFAPreference(b -> b.accessToken(user.accessToken)
                    .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true)));
            user.totpSecret = secret;
            acknowledged("totp-enrolment", Ledger.Kind.MFA_TOTP, user.username, "SOFTWARE_TOKEN_MFA", start, "200");
        } catch (RuntimeException e) {
            doubt("totp-enrolment", Ledger.Kind.MFA_TOTP, user, "SOFTWARE_TOKEN_MFA", e);
        }
    }

    /** The start of a call through the front door: the time, and the region the traffic record names now. */
    private long started() {
        sentRegion.set(trafficRegion.get());
        return System.nanoTime();
    }

    private void acknowledged(String operation, Ledger.Kind kind, String username, String value, long startNanos,
                              String returned) {
        long latencyMs = (System.nanoTime() - startNanos) / 1_000_000;
        String answeredIn = trafficRegion.get();
        String sentTo = sentRegion.get() == null ? answeredIn : sentRegion.get();
        ledger.acknowledge(kind, username, value, elapsedMs.getAsLong(), latencyMs, sentTo, answeredIn, returned);
        tally.answered(operation);
    }

    /** A write acknowledged by {@code region}'s own endpoint (not the front door): the ledger names that region. */
    void acknowledgedAt(String region, String operation, Ledger.Kind kind, String username, String value,
                        long startNanos, String returned) {
        long latencyMs = (System.nanoTime() - startNanos) / 1_000_000;
        ledger.acknowledge(kind, username, value, elapsedMs.getAsLong(), latencyMs, region, returned);
        tally.answered(operation);
    }

    /** A write of a user no worker owns that failed: counted, and in doubt (the check accepts either outcome). */
    void doubtOf(String operation, Ledger.Kind kind, String username, String value, RuntimeException e) {
        failed(operation, e);
        ledger.inDoubt(kind, username, value, elapsedMs.getAsLong(), errorType(e));
    }

    /** The front door's clients, the pool and its app client. */
    LoadTarget target() {
        return target;
    }

    private void doubt(String operation, Ledger.Kind kind, PoolUser user, String value, RuntimeException e) {
        failed(operation, e);
        user.frozen = true;
        ledger.inDoubt(kind, user.username, value, elapsedMs.getAsLong(), errorType(e));
    }

    private void failed(String operation, RuntimeException e) {
        tally.failed(operation, elapsedMs.getAsLong(), errorType(e));
    }

    /** The error's name as the pool gave it (Cognito's error code), or the exception's simple name. */
    static String errorType(Throwable e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        if (e instanceof AwsServiceException service) {
            return "HTTP " + service.statusCode(); // no Cognito error: the front door's 502/503 while a region is down
        }
        return e.getClass().getSimpleName();
    }

    /** Users per worker, for the report. */
    Map<String, Integer> userCounts() {
        Map<String, Integer> counts = new HashMap<>();
        int frozen = 0;
        int total = 0;
        for (List<PoolUser> users : usersByWorker) {
            total += users.size();
            frozen += (int) users.stream().filter(u -> u.frozen).count();
        }
        counts.put("users", total);
        counts.put("frozenInDoubt", frozen);
        return counts;
    }
}
