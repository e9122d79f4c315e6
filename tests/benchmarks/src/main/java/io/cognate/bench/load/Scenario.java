package io.cognate.bench.load;

import io.cognate.bench.srp.CognitoSrpClient;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;

/**
 * What one operation of each scenario does at the front door, and the users it needs, made before
 * the measured window (SignUp, then AdminConfirmSignUp). Each worker has users of its own, so a
 * rotated refresh token is never raced by another worker.
 */
public enum Scenario {
    /** InitiateAuth USER_PASSWORD_AUTH: one Argon2id check and the tokens. */
    SIGNIN,
    /** InitiateAuth USER_SRP_AUTH and RespondToAuthChallenge PASSWORD_VERIFIER: two requests, one operation. */
    SRP,
    /** InitiateAuth REFRESH_TOKEN_AUTH. */
    REFRESH,
    /** SignUp of a new user, then AdminConfirmSignUp: two requests, one operation. */
    SIGNUP,
    /** GET /demo/whoami with an access token: the token-verifier's authorizer, then the route. */
    VERIFY,
    /**
     * One of the others at random per operation, weighted as a day of an app's traffic might be:
     * verify 60 %, refresh 25 %, signin 10 %, signup 5 % (assumed, not measured).
     */
    MIX;

    static final String PASSWORD = "Load-Generator-9";
    static final String DEMO_ROUTE = "/demo/whoami";
    private static final int USERS_PER_WORKER = 4;

    public static Scenario parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scenario " + name + ": signin, srp, refresh, signup, verify or mix");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One operation; throws on any failure, which the run counts by type. */
    @FunctionalInterface
    public interface Operation {
        void run(int worker, SplittableRandom random) throws Exception;
    }

    /** A call answered, but not as the operation expects: counted as an error named for what was wrong. */
    public static final class UnexpectedAnswer extends Exception {
        public UnexpectedAnswer(String what) {
            super(what, null, false, false);
        }
    }

    /** Makes the users this scenario needs for {@code workers} workers and returns its operation. */
    public Operation prepare(LoadTarget target, int workers) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return switch (this) {
            case SIGNUP -> signUp(target, run);
            default -> {
                List<String> usernames = createUsers(target, run, workers * USERS_PER_WORKER, workers);
                yield operation(target, usernames, workers, run);
            }
        };
    }

    private Operation operation(LoadTarget target, List<String> usernames, int workers, String run) throws Exception {
        return switch (this) {
            case SIGNIN -> {
                Users users = new Users(usernames.size(), workers);
                yield (worker, random) -> signIn(target, usernames.get(users.next(worker)));
            }
            case SRP -> {
                Users users = new Users(usernames.size(), workers);
                SecureRandom secure = new SecureRandom();
                yield (worker, random) -> srpSignIn(target, usernames.get(users.next(worker)), secure);
            }
            case REFRESH -> refresh(target, usernames, workers);
            case VERIFY -> verify(target, usernames, workers);
            case MIX -> {
                Operation signIn = SIGNIN.operation(target, usernames, workers, run);
                Operation refresh = REFRESH.operation(target, usernames, workers, run);
                Operation verify = VERIFY.operation(target, usernames, workers, run);
                Operation signUp = signUp(target, run);
                yield (worker, random) -> {
                    int roll = random.nextInt(100);
                    (roll < 60 ? verify : roll < 85 ? refresh : roll < 95 ? signIn : signUp).run(worker, random);
                };
            }
            case SIGNUP -> signUp(target, run);
        };
    }

    /** Each worker's users (indexes worker, worker + workers, ...), taken in turn. */
    static final class Users {
        private final int perWorker;
        private final int workers;
        private final int[] cursor;

        Users(int users, int workers) {
            if (users < workers) {
                throw new IllegalArgumentException(users + " users cannot give each of " + workers + " workers one");
            }
            this.perWorker = users / workers;
            this.workers = workers;
            this.cursor = new int[workers];
        }

        /** The index of worker {@code worker}'s next user; only that worker asks, so no slot is shared. */
        int next(int worker) {
            return worker + workers * (cursor[worker]++ % perWorker);
        }
    }

    private static AuthenticationResultType signIn(LoadTarget target, String username) throws UnexpectedAnswer {
        var result = target.cognito().initiateAuth(b -> b.clientId(target.clientId())
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", PASSWORD))).authenticationResult();
        if (result == null || result.accessToken() == null) {
            throw new UnexpectedAnswer("no tokens");
        }
        return result;
    }

    private static void srpSignIn(LoadTarget target, String username, SecureRandom secure) throws UnexpectedAnswer {
        var client = new CognitoSrpClient(target.userPoolId(), secure);
        var challenge = target.cognito().initiateAuth(b -> b.clientId(target.clientId())
                .authFlow(AuthFlowType.USER_SRP_AUTH).authParameters(Map.of("USERNAME", username, "SRP_A", client.srpA())));
        if (challenge.challengeName() != ChallengeNameType.PASSWORD_VERIFIER) {
            throw new UnexpectedAnswer("no PASSWORD_VERIFIER challenge");
        }
        Map<String, String> asked = challenge.challengeParameters();
        String userId = asked.get("USER_ID_FOR_SRP");
        String timestamp = CognitoSrpClient.timestamp(Instant.now());
        Map<String, String> answers = new HashMap<>(Map.of("USERNAME", userId,
                "PASSWORD_CLAIM_SECRET_BLOCK", asked.get("SECRET_BLOCK"), "TIMESTAMP", timestamp,
                "PASSWORD_CLAIM_SIGNATURE", client.signature(userId, PASSWORD, asked.get("SALT"), asked.get("SRP_B"),
                        asked.get("SECRET_BLOCK"), timestamp)));
        var result = target.cognito().respondToAuthChallenge(b -> b.clientId(target.clientId())
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).challengeResponses(answers)).authenticationResult();
        if (result == null || result.accessToken() == null) {
            throw new UnexpectedAnswer("no tokens");
        }
    }

    private static Operation refresh(LoadTarget target, List<String> usernames, int workers) throws Exception {
        String[] tokens = signInAll(target, usernames, workers, AuthenticationResultType::refreshToken);
        Users users = new Users(usernames.size(), workers);
        return (worker, random) -> {
            int index = users.next(worker);
            var result = target.cognito().initiateAuth(b -> b.clientId(target.clientId())
                    .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                    .authParameters(Map.of("REFRESH_TOKEN", tokens[index]))).authenticationResult();
            if (result == null || result.accessToken() == null) {
                throw new UnexpectedAnswer("no tokens");
            }
            if (result.refreshToken() != null) {
                tokens[index] = result.refreshToken(); // rotated: the old one may be spent
            }
        };
    }

    private static Operation verify(LoadTarget target, List<String> usernames, int workers) throws Exception {
        String[] tokens = signInAll(target, usernames, workers, AuthenticationResultType::accessToken);
        Users users = new Users(usernames.size(), workers);
        return (worker, random) -> {
            int status = target.get(DEMO_ROUTE, "Bearer " + tokens[users.next(worker)]);
            if (status != 200) {
                throw new UnexpectedAnswer("HTTP " + status);
            }
        };
    }

    private static Operation signUp(LoadTarget target, String run) {
        AtomicLong sequence = new AtomicLong();
        return (worker, random) -> {
            String username = "load-" + run + "-new-" + sequence.incrementAndGet();
            createUser(target, username);
        };
    }

    private static void createUser(LoadTarget target, String username) {
        target.cognito().signUp(b -> b.clientId(target.clientId()).username(username).password(PASSWORD)
                .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
        target.admin().adminConfirmSignUp(b -> b.userPoolId(target.userPoolId()).username(username));
    }

    /** Signs up and confirms {@code count} users, {@code threads} at a time; their names. */
    private static List<String> createUsers(LoadTarget target, String run, int count, int threads) throws Exception {
        List<String> usernames = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "load-" + run + "-" + i).toList();
        inParallel(threads, usernames.stream().<java.util.concurrent.Callable<Void>>map(name -> () -> {
            createUser(target, name);
            return null;
        }).toList());
        return usernames;
    }

    private static String[] signInAll(LoadTarget target, List<String> usernames, int threads,
                                      java.util.function.Function<AuthenticationResultType, String> pick) throws Exception {
        String[] tokens = new String[usernames.size()];
        List<java.util.concurrent.Callable<Void>> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < usernames.size(); i++) {
            int index = i;
            tasks.add(() -> {
                tokens[index] = pick.apply(signIn(target, usernames.get(index)));
                return null;
            });
        }
        inParallel(threads, tasks);
        return tokens;
    }

    private static void inParallel(int threads, List<java.util.concurrent.Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads),
                Thread.ofPlatform().daemon().name("load-setup-", 0).factory());
        try {
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** What a failure is counted as: an unexpected answer by what was wrong, an exception by its simple name. */
    static String errorType(Throwable failure) {
        if (failure instanceof UnexpectedAnswer answer) {
            return answer.getMessage();
        }
        return failure.getClass().getSimpleName();
    }
}
