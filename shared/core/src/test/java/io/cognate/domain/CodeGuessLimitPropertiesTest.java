package io.cognate.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.testing.InMemoryRegion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * However many guesses at a user's pending code arrive at once, at most {@link
 * PendingCode#MAX_FAILED_ATTEMPTS} wrong ones are compared and answered per window, for each
 * operation that checks a code. Each try sends a generated number of wrong guesses, and maybe
 * the right code at a generated place among them, through a generated number of threads (one
 * thread sends them in order), on the in-memory stores, and then reads what the store committed:
 * every committed write is either one more counted wrong guess or the right answer's own write.
 */
class CodeGuessLimitPropertiesTest {
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String ALICE = "alice";
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String NEW_PASSWORD = "Battery-Staple-7";
    private static final String NEW_EMAIL = "new.alice@example.net";
    private static final int MAX = PendingCode.MAX_FAILED_ATTEMPTS;

    /** A user with a fresh pending code, and the operation that checks a guess at it. */
    private record Scenario(InMemoryRegion region, String sub, long startVersion, String rightCode,
                            Consumer<String> guess) {
    }

    private enum Operation {
        CONFIRM_SIGN_UP {
            @Override
            Scenario prepare(InMemoryRegion region) {
                region.signUp(ALICE, PASSWORD, "alice@example.com");
                return scenario(region, code -> region.identityService().confirmSignUp(CLIENT, ALICE, code));
            }

            @Override
            boolean rightAnswerTookEffect(InMemoryRegion region) {
                return region.user(ALICE).status() == UserStatus.CONFIRMED;
            }
        },
        CONFIRM_FORGOT_PASSWORD {
            @Override
            Scenario prepare(InMemoryRegion region) {
                region.signUpConfirmed(ALICE, PASSWORD, "alice@example.com");
                region.accountService().forgotPassword(CLIENT, ALICE);
                return scenario(region,
                        code -> region.accountService().confirmForgotPassword(CLIENT, ALICE, code, NEW_PASSWORD));
            }

            @Override
            boolean rightAnswerTookEffect(InMemoryRegion region) {
                return region.passwordHasher().matches(NEW_PASSWORD, region.user(ALICE).passwordHash());
            }
        },
        VERIFY_USER_ATTRIBUTE {
            @Override
            Scenario prepare(InMemoryRegion region) {
                region.signUpConfirmed(ALICE, PASSWORD, "alice@example.com");
                String token = region.signIn(ALICE, PASSWORD).accessToken();
                region.accountService().updateUserAttributes(token,
                        List.of(new UserAttributes.Attribute("email", NEW_EMAIL)));
                return scenario(region,
                        code -> region.accountService().verifyUserAttribute(token, "email", code));
            }

            @Override
            boolean rightAnswerTookEffect(InMemoryRegion region) {
                // The old address is verified too: only the new one in force shows the right code.
                return NEW_EMAIL.equals(region.user(ALICE).attributes().get("email"));
            }
        };

        abstract Scenario prepare(InMemoryRegion region);

        abstract boolean rightAnswerTookEffect(InMemoryRegion region);

        private static Scenario scenario(InMemoryRegion region, Consumer<String> guess) {
            User user = region.user(ALICE);
            assertThat(user.confirmationCode()).hasValueSatisfying(c -> assertThat(c.failedAttempts()).isZero());
            return new Scenario(region, user.sub(), user.version(), region.codeDelivery().lastCodeFor(ALICE), guess);
        }
    }

    @Property(tries = 50)
    void confirmSignUpComparesAtMostFiveWrongCodes(@ForAll @IntRange(min = 2, max = 40) int wrongGuesses,
                                                   @ForAll boolean withRightAnswer,
                                                   @ForAll @IntRange(min = 0, max = 40) int rightAt,
                                                   @ForAll @IntRange(min = 1, max = 8) int threads) throws Exception {
        check(Operation.CONFIRM_SIGN_UP, wrongGuesses, withRightAnswer, rightAt, threads);
    }

    @Property(tries = 50)
    void confirmForgotPasswordComparesAtMostFiveWrongCodes(@ForAll @IntRange(min = 2, max = 40) int wrongGuesses,
                                                           @ForAll boolean withRightAnswer,
                                                           @ForAll @IntRange(min = 0, max = 40) int rightAt,
                                                           @ForAll @IntRange(min = 1, max = 8) int threads)
            throws Exception {
        check(Operation.CONFIRM_FORGOT_PASSWORD, wrongGuesses, withRightAnswer, rightAt, threads);
    }

    @Property(tries = 50)
    void verifyUserAttributeComparesAtMostFiveWrongCodes(@ForAll @IntRange(min = 2, max = 40) int wrongGuesses,
                                                         @ForAll boolean withRightAnswer,
                                                         @ForAll @IntRange(min = 0, max = 40) int rightAt,
                                                         @ForAll @IntRange(min = 1, max = 8) int threads)
            throws Exception {
        check(Operation.VERIFY_USER_ATTRIBUTE, wrongGuesses, withRightAnswer, rightAt, threads);
    }

    private static void check(Operation operation, int wrongGuesses, boolean withRightAnswer, int rightAt,
                              int threads) throws Exception {
        InMemoryRegion region = InMemoryRegion.create();
        Scenario scenario = operation.prepare(region);
        int rightPosition = withRightAnswer ? Math.min(rightAt, wrongGuesses) : -1;
        List<String> guesses = new ArrayList<>();
        for (int i = 0; i < wrongGuesses; i++) {
            guesses.add(wrongCode(scenario.rightCode(), i));
        }
        if (withRightAnswer) {
            guesses.add(rightPosition, scenario.rightCode());
        }

        List<RuntimeException> outcomes = race(guesses, scenario.guess(), threads);

        // What the store committed: each write is one counted wrong guess, or the right answer's.
        List<User> commits = region.directory().committedUpdates(scenario.sub()).stream()
                .filter(u -> u.version() > scenario.startVersion()).toList();
        for (int i = 0; i < commits.size(); i++) {
            assertThat(commits.get(i).version()).isEqualTo(scenario.startVersion() + 1 + i);
        }
        List<User> counted = commits.stream().filter(u -> u.confirmationCode().isPresent()).toList();
        for (int i = 0; i < counted.size(); i++) {
            assertThat(counted.get(i).confirmationCode().orElseThrow().failedAttempts())
                    .as("each counted guess adds one to the count of the copy it was written over").isEqualTo(i + 1);
        }
        int wrongCounted = counted.size();
        assertThat(wrongCounted).as("wrong guesses compared and answered").isLessThanOrEqualTo(MAX);

        boolean rightSucceeded = withRightAnswer && outcomes.get(rightPosition) == null;
        List<User> answered = commits.stream().filter(u -> u.confirmationCode().isEmpty()).toList();
        assertThat(answered).as("the right answer's write").hasSize(rightSucceeded ? 1 : 0);
        if (rightSucceeded) {
            assertThat(commits.get(commits.size() - 1)).as("nothing is counted once the code is used")
                    .isEqualTo(answered.get(0));
            assertThat(wrongCounted).as("wrong guesses counted before the right one").isLessThan(MAX);
        }
        assertThat(operation.rightAnswerTookEffect(region)).isEqualTo(rightSucceeded);

        int mismatches = 0;
        for (int i = 0; i < guesses.size(); i++) {
            RuntimeException outcome = outcomes.get(i);
            if (i == rightPosition) {
                if (outcome != null) {
                    assertThat(type(outcome)).isIn("CodeMismatchException", "TooManyRequestsException");
                    if (type(outcome).equals("CodeMismatchException")) {
                        assertThat(wrongCounted).as("the right code is refused only once five were counted")
                                .isEqualTo(MAX);
                    }
                }
                continue;
            }
            assertThat(outcome).as("a wrong guess is never accepted").isNotNull();
            if (rightSucceeded && operation == Operation.CONFIRM_SIGN_UP && type(outcome).equals("NotAuthorizedException")) {
                // Cognito's answer once the user is confirmed, and only then.
                assertThat(outcome).hasMessage("User cannot be confirmed. Current status is CONFIRMED");
                continue;
            }
            assertThat(type(outcome)).isIn("CodeMismatchException", "TooManyRequestsException");
            if (type(outcome).equals("CodeMismatchException")) {
                mismatches++;
            }
        }
        assertThat(wrongCounted).as("every counted guess was answered").isLessThanOrEqualTo(mismatches);
        if (!rightSucceeded) {
            assertThat(wrongCounted).as("a wrong guess goes uncounted only once five are").isEqualTo(Math.min(MAX, mismatches));
            assertThat(region.user(ALICE).confirmationCode().orElseThrow().failedAttempts()).isEqualTo(wrongCounted);
        }
        if (threads == 1) {
            // In order: the right code works exactly when fewer than five wrong ones came before it.
            assertThat(rightSucceeded).isEqualTo(withRightAnswer && rightPosition < MAX);
            assertThat(wrongCounted).isEqualTo(rightSucceeded ? rightPosition : Math.min(MAX, wrongGuesses));
        }
    }

    /** Sends every guess, each as its own request, all released at once; what each one threw, in order. */
    private static List<RuntimeException> race(List<String> guesses, Consumer<String> guess, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<RuntimeException>> futures = new ArrayList<>();
            for (String code : guesses) {
                futures.add(pool.submit(() -> {
                    go.await();
                    try {
                        guess.accept(code);
                        return null;
                    } catch (RuntimeException refused) {
                        return refused;
                    }
                }));
            }
            go.countDown();
            List<RuntimeException> outcomes = new ArrayList<>();
            for (Future<RuntimeException> future : futures) {
                outcomes.add(future.get(30, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String wrongCode(String right, int index) {
        return String.format("%06d", (Integer.parseInt(right) + 1 + index) % 1_000_000);
    }

    private static String type(RuntimeException thrown) {
        assertThat(thrown).isInstanceOf(CognitoException.class);
        return ((CognitoException) thrown).type();
    }
}
