package io.cognate.domain.signin;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.cognate.domain.AppClient;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.domain.clients.ClientSettings;
import io.cognate.domain.mfa.ChallengeSessions;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.mfa.MfaEnrolment;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.pool.DeletionProtection;
import io.cognate.domain.pool.PasswordRequirements;
import io.cognate.domain.pool.PoolUpdate;
import io.cognate.domain.pool.RecoveryMechanism;
import io.cognate.domain.srp.PasswordClaims;
import io.cognate.domain.triggers.LambdaConfig;
import io.cognate.ports.TriggerInvoker.TriggerFailed;
import io.cognate.testing.AuthenticatorApp;
import io.cognate.testing.InMemoryRegion;
import io.cognate.testing.SrpClaimant;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CUSTOM_AUTH through the in-memory region with fake challenge triggers: the rounds Define sees,
 * what Create and Verify are sent, what the caller is shown (never the private parameters), and
 * the limits: single-use and expiring sessions, the lockout count shared with passwords, the cap
 * on rounds, PreventUserExistenceErrors, the client's flows, and the second factor after the
 * custom challenges.
 */
class CustomChallengeSignInTest {
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String DEFINE = "http://define.test/";
    private static final String CREATE = "http://create.test/";
    private static final String VERIFY = "http://verify.test/";
    private static final String PREVENTING = "preventing-client";
    private static final String LEGACY = "legacy-client";

    private InMemoryRegion region;
    private CustomChallengeSignIn custom;
    /** How many right CUSTOM_CHALLENGE answers Define asks for before it issues tokens. */
    private int roundsToPass = 2;

    @BeforeEach
    void pool() {
        region = InMemoryRegion.builder().mfa(MfaConfiguration.OPTIONAL).build();
        region.putClient(customClient(PREVENTING, "ENABLED"));
        region.putClient(customClient(LEGACY, ClientSettings.LEGACY));
        region.poolAdministration().update(InMemoryRegion.USER_POOL_ID, new PoolUpdate(Optional.empty(),
                PasswordRequirements.cognitoDefault(), MfaConfiguration.OPTIONAL, List.of("email"),
                List.of(new RecoveryMechanism(1, "verified_email")), DeletionProtection.INACTIVE, false, 7, List.of(),
                LambdaConfig.checked(Map.of("DefineAuthChallenge", DEFINE, "CreateAuthChallenge", CREATE,
                        "VerifyAuthChallengeResponse", VERIFY), true)));
        region.triggerInvoker().serve(DEFINE, this::define).serve(CREATE, CustomChallengeSignInTest::create)
                .serve(VERIFY, CustomChallengeSignInTest::verify);
        custom = region.customChallengeSignIn();
    }

    private static AppClient customClient(String clientId, String prevention) {
        AppClient base = new AppClient(clientId, clientId, Set.of("ALLOW_CUSTOM_AUTH", AppClient.ALLOW_USER_PASSWORD_AUTH,
                AppClient.ALLOW_REFRESH_TOKEN_AUTH), Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30));
        ClientSettings d = base.settings();
        ClientSettings settings = new ClientSettings(d.tokenValidityUnits(), d.allowedOAuthFlowsUserPoolClient(),
                d.callbackUrls(), d.logoutUrls(), d.defaultRedirectUri(), d.supportedIdentityProviders(),
                d.enableTokenRevocation(), prevention, d.authSessionValidityMinutes(),
                d.enablePropagateAdditionalUserContextData(), d.createdAt(), d.lastModifiedAt());
        return new AppClient(clientId, clientId, base.explicitAuthFlows(), base.accessTokenValidity(),
                base.idTokenValidity(), base.refreshTokenValidity(), Set.of(), Set.of(), Optional.empty(), Set.of(),
                Set.of(), settings, 0);
    }

    // --- the fake triggers: an app's three functions -------------------------------------------

    /** SRP first when asked; then custom challenges until {@link #roundsToPass} are answered right. */
    private String define(String eventJson) {
        Map<String, Object> event = parse(eventJson);
        List<Map<String, Object>> session = session(object(event, "request"));
        long passed = session.stream().filter(r -> "CUSTOM_CHALLENGE".equals(r.get("challengeName")))
                .filter(r -> Boolean.TRUE.equals(r.get("challengeResult"))).count();
        boolean srpStart = session.size() == 1 && "SRP_A".equals(session.getFirst().get("challengeName"));
        if (srpStart) {
            return "{\"response\":{\"challengeName\":\"PASSWORD_VERIFIER\",\"issueTokens\":false,"
                    + "\"failAuthentication\":false}}";
        }
        if (passed >= roundsToPass) {
            return "{\"response\":{\"issueTokens\":true,\"failAuthentication\":false}}";
        }
        return "{\"response\":{\"challengeName\":\"CUSTOM_CHALLENGE\",\"issueTokens\":false,"
                + "\"failAuthentication\":false}}";
    }

    /** Round n asks "question-n"; its answer is "answer-n", which only the private parameters hold. */
    private static String create(String eventJson) {
        int round = session(object(parse(eventJson), "request")).size();
        return "{\"response\":{\"publicChallengeParameters\":{\"question\":\"question-" + round + "\"},"
                + "\"privateChallengeParameters\":{\"answer\":\"answer-" + round + "\"},"
                + "\"challengeMetadata\":\"ROUND-" + round + "\"}}";
    }

    private static String verify(String eventJson) {
        Map<String, Object> request = object(parse(eventJson), "request");
        boolean right = object(request, "privateChallengeParameters").get("answer").equals(request.get("challengeAnswer"));
        return "{\"response\":{\"answerCorrect\":" + right + "}}";
    }

    // --- helpers ----------------------------------------------------------------------------------

    private static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String member) {
        return (Map<String, Object>) parent.get(member);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> session(Map<String, Object> request) {
        return (List<Map<String, Object>>) request.get("session");
    }

    private List<Map<String, Object>> events(String source) {
        return region.triggerInvoker().events().stream().map(CustomChallengeSignInTest::parse)
                .filter(event -> source.equals(event.get("triggerSource"))).toList();
    }

    /** A session entry as Cognito sends it: every member present, the metadata null but for custom challenges. */
    private static Map<String, Object> round(String challengeName, boolean challengeResult, String challengeMetadata) {
        var entry = new HashMap<String, Object>();
        entry.put("challengeName", challengeName);
        entry.put("challengeResult", challengeResult);
        entry.put("challengeMetadata", challengeMetadata);
        return entry;
    }

    private MfaSignIn.Step start(String clientId, String username) {
        return custom.start(clientId, Map.of("USERNAME", username), Map.of());
    }

    private MfaSignIn.Step answer(String clientId, MfaSignIn.Step step, String username, String answer) {
        MfaSignIn.Challenge challenge = (MfaSignIn.Challenge) step;
        return custom.answer(clientId, challenge.session(), Map.of("USERNAME", username, "ANSWER", answer), Map.of());
    }

    private static String question(MfaSignIn.Step step) {
        return ((MfaSignIn.Challenge) step).parameters().get("question");
    }

    private static String rightAnswer(MfaSignIn.Step step) {
        return question(step).replace("question", "answer");
    }

    private int failuresCounted(String username) {
        return region.lockoutCounters().read(Username.of(username).key()).map(c -> c.failures()).orElse(0);
    }

    // --- the flow ---------------------------------------------------------------------------------

    @Test
    void threeRoundsAWrongAnswerThenTwoRightOnesAndDefineSeesEveryRound() {
        User alice = region.signUpConfirmed("alice", PASSWORD, "alice@example.com");

        MfaSignIn.Step first = start(PREVENTING, "alice");
        assertThat(first).isInstanceOfSatisfying(MfaSignIn.Challenge.class, challenge -> {
            assertThat(challenge.name()).isEqualTo("CUSTOM_CHALLENGE");
            assertThat(challenge.parameters()).isEqualTo(Map.of("question", "question-0", "USERNAME", "alice"));
            assertThat(challenge.session()).doesNotContain("answer-0");
        });
        MfaSignIn.Step second = answer(PREVENTING, first, "alice", "a wrong guess");
        assertThat(question(second)).isEqualTo("question-1");
        MfaSignIn.Step third = answer(PREVENTING, second, "alice", rightAnswer(second));
        assertThat(question(third)).isEqualTo("question-2");
        MfaSignIn.Step done = answer(PREVENTING, third, "alice", rightAnswer(third));

        assertThat(done).isInstanceOfSatisfying(MfaSignIn.Tokens.class,
                tokens -> assertThat(tokens.tokens().accessToken()).isNotEmpty());
        List<Map<String, Object>> defines = events("DefineAuthChallenge_Authentication");
        assertThat(defines).hasSize(4);
        Map<String, Object> lastDefine = defines.getLast();
        assertThat(lastDefine).containsEntry("version", "1").containsEntry("userName", "alice")
                .containsEntry("userPoolId", InMemoryRegion.USER_POOL_ID);
        assertThat(object(lastDefine, "callerContext")).containsEntry("clientId", PREVENTING);
        Map<String, Object> request = object(lastDefine, "request");
        assertThat(request).containsEntry("userNotFound", false).containsKey("clientMetadata");
        assertThat(object(request, "userAttributes")).containsEntry("sub", alice.sub())
                .containsEntry("email", "alice@example.com").containsEntry("cognito:user_status", "CONFIRMED");
        assertThat(session(request)).containsExactly(round("CUSTOM_CHALLENGE", false, "ROUND-0"),
                round("CUSTOM_CHALLENGE", true, "ROUND-1"), round("CUSTOM_CHALLENGE", true, "ROUND-2"));
        assertThat(object(lastDefine, "response")).containsEntry("issueTokens", false)
                .containsEntry("failAuthentication", false).containsKey("challengeName");

        List<Map<String, Object>> creates = events("CreateAuthChallenge_Authentication");
        assertThat(creates).hasSize(3);
        assertThat(object(creates.get(1), "request")).containsEntry("challengeName", "CUSTOM_CHALLENGE")
                .containsEntry("userNotFound", false);
        List<Map<String, Object>> verifies = events("VerifyAuthChallengeResponse_Authentication");
        assertThat(verifies).hasSize(3);
        assertThat(object(verifies.getFirst(), "request")).containsEntry("challengeAnswer", "a wrong guess")
                .containsEntry("privateChallengeParameters", Map.of("answer", "answer-0"))
                .containsEntry("userNotFound", false);
        assertThat(object(verifies.getFirst(), "response")).containsEntry("answerCorrect", false);
        assertThat(failuresCounted("alice")).as("a completed sign-in starts the count again").isZero();
    }

    @Test
    void theAnsweredSessionCannotBeAnsweredAgain() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        MfaSignIn.Step first = start(PREVENTING, "alice");
        answer(PREVENTING, first, "alice", "wrong");

        assertRefused(() -> answer(PREVENTING, first, "alice", rightAnswer(first)), "NotAuthorizedException")
                .hasMessage(MfaSignIn.USED_ONCE);
    }

    @Test
    void aSessionExpiresAfterTheClientsAuthSessionValidity() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        MfaSignIn.Step first = start(PREVENTING, "alice");
        region.clock().advance(Duration.ofMinutes(3));

        assertRefused(() -> answer(PREVENTING, first, "alice", rightAnswer(first)), "NotAuthorizedException")
                .hasMessageContaining("expired");
        assertThat(events("VerifyAuthChallengeResponse_Authentication")).isEmpty();
    }

    @Test
    void aSessionIsTheUsersAndTheClientsItWasMadeFor() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        region.signUpConfirmed("bob", PASSWORD, "bob@example.com");
        MfaSignIn.Step first = start(PREVENTING, "alice");

        assertRefused(() -> answer(PREVENTING, first, "bob", rightAnswer(first)), "NotAuthorizedException");
        assertRefused(() -> answer(LEGACY, first, "alice", rightAnswer(first)), "NotAuthorizedException");
    }

    @Test
    void wrongAnswersAreCountedByThePasswordLockoutAndALockedUserIsRefusedBeforeVerify() {
        roundsToPass = 1;
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        int maxFailures = region.signInAttempts().policy().maxFailures();

        MfaSignIn.Step step = start(PREVENTING, "alice");
        for (int wrong = 1; wrong <= maxFailures; wrong++) {
            step = answer(PREVENTING, step, "alice", "guess-" + wrong);
        }
        int verifiesBefore = events("VerifyAuthChallengeResponse_Authentication").size();
        MfaSignIn.Step locked = step;

        assertRefused(() -> answer(PREVENTING, locked, "alice", rightAnswer(locked)), "NotAuthorizedException")
                .hasMessage("Password attempts exceeded");
        assertThat(events("VerifyAuthChallengeResponse_Authentication")).hasSize(verifiesBefore);
        assertRefused(() -> region.signIn("alice", PASSWORD), "NotAuthorizedException")
                .hasMessage("Password attempts exceeded");
        assertRefused(() -> start(PREVENTING, "alice"), "NotAuthorizedException")
                .hasMessage("Password attempts exceeded");
    }

    @Test
    void wrongPasswordsAndWrongAnswersShareOneCount() {
        roundsToPass = 1;
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        int maxFailures = region.signInAttempts().policy().maxFailures();
        for (int i = 1; i < maxFailures; i++) {
            int attempt = i;
            assertRefused(() -> region.signIn("alice", "Wrong-Horse-" + attempt), "NotAuthorizedException");
        }
        MfaSignIn.Step step = answer(PREVENTING, start(PREVENTING, "alice"), "alice", "a last guess");

        MfaSignIn.Step afterLock = step;
        assertRefused(() -> answer(PREVENTING, afterLock, "alice", rightAnswer(afterLock)), "NotAuthorizedException")
                .hasMessage("Password attempts exceeded");
    }

    @Test
    void failAuthenticationIsIncorrectUsernameOrPassword() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        MfaSignIn.Step first = start(PREVENTING, "alice");
        region.triggerInvoker().serve(DEFINE, event -> "{\"response\":{\"issueTokens\":false,\"failAuthentication\":true}}");

        assertRefused(() -> answer(PREVENTING, first, "alice", "wrong"), "NotAuthorizedException")
                .hasMessage("Incorrect username or password.");
    }

    @Test
    void aSignInAsksAtMostTheCapOfChallenges() {
        roundsToPass = Integer.MAX_VALUE;
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        MfaSignIn.Step step = start(PREVENTING, "alice");
        for (int round = 1; round < CustomChallengeSignIn.MAX_CHALLENGES; round++) {
            step = answer(PREVENTING, step, "alice", rightAnswer(step));
        }
        MfaSignIn.Step last = step;

        assertRefused(() -> answer(PREVENTING, last, "alice", rightAnswer(last)), "NotAuthorizedException")
                .hasMessage("Incorrect username or password.");
        assertThat(events("CreateAuthChallenge_Authentication")).hasSize(CustomChallengeSignIn.MAX_CHALLENGES);
    }

    @Test
    void anUnknownUserIsUserNotFoundUnlessTheClientPreventsExistenceErrors() {
        assertRefused(() -> start(LEGACY, "nobody"), "UserNotFoundException");
        assertThat(region.triggerInvoker().events()).isEmpty();
    }

    @Test
    void withPreventionAnUnknownUserGoesThroughTheSameChallengesAndNeverSignsIn() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        roundsToPass = 1;
        region.triggerInvoker().serve(VERIFY, event -> "{\"response\":{\"answerCorrect\":true}}");
        MfaSignIn.Challenge real = (MfaSignIn.Challenge) start(PREVENTING, "alice");

        MfaSignIn.Challenge unknown = (MfaSignIn.Challenge) start(PREVENTING, "alfie");

        assertThat(unknown.name()).isEqualTo(real.name());
        assertThat(unknown.parameters().keySet()).isEqualTo(real.parameters().keySet());
        assertThat(unknown.session()).hasSameSizeAs(real.session());
        Map<String, Object> define = events("DefineAuthChallenge_Authentication").getLast();
        assertThat(object(define, "request")).containsEntry("userNotFound", true);
        assertThat(define).containsEntry("userName", "alfie");
        assertRefused(() -> answer(PREVENTING, unknown, "alfie", "anything"), "NotAuthorizedException")
                .hasMessage("Incorrect username or password.");
        assertThat(object(events("VerifyAuthChallengeResponse_Authentication").getLast(), "request"))
                .containsEntry("userNotFound", true);
    }

    @Test
    void theClientMustAllowCustomAuth() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");

        assertRefused(() -> start(InMemoryRegion.CLIENT_ID, "alice"), "InvalidParameterException")
                .hasMessage("CUSTOM_AUTH flow not enabled for this client");
    }

    @Test
    void aFailingTriggerIsCognitosLambdaErrorAndSignsNobodyIn() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        region.triggerInvoker().serve(CREATE, event -> {
            throw new TriggerFailed(TriggerFailed.Kind.FUNCTION_ERROR, "no questions today");
        });

        assertRefused(() -> start(PREVENTING, "alice"), "UserLambdaValidationException")
                .hasMessage("CreateAuthChallenge failed with error no questions today.");

        region.triggerInvoker().serve(CREATE, CustomChallengeSignInTest::create);
        MfaSignIn.Step first = start(PREVENTING, "alice");
        region.triggerInvoker().serve(VERIFY, event -> "not json");
        assertRefused(() -> answer(PREVENTING, first, "alice", rightAnswer(first)), "InvalidLambdaResponseException");
        assertThat(region.sessionStore().refreshTokenCount()).as("no session started").isZero();
    }

    @Test
    void srpFirstThenACustomChallenge() {
        roundsToPass = 1;
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        SrpClaimant claimant = new SrpClaimant();

        MfaSignIn.Step verifier = custom.start(PREVENTING, Map.of("USERNAME", "alice", "CHALLENGE_NAME", "SRP_A",
                "SRP_A", claimant.srpA()), Map.of());

        MfaSignIn.Challenge asked = (MfaSignIn.Challenge) verifier;
        assertThat(asked.name()).isEqualTo("PASSWORD_VERIFIER");
        assertThat(asked.parameters()).containsKeys("SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP");
        assertThat(session(object(events("DefineAuthChallenge_Authentication").getFirst(), "request")))
                .containsExactly(round("SRP_A", true, null));
        Map<String, String> claim = claimant.claim(asked.parameters(), PASSWORD,
                PasswordClaims.TIMESTAMP.format(region.clock().instant()));
        // The flow's block is no plain USER_SRP_AUTH claim: the custom challenges cannot be skipped.
        assertRefused(() -> region.srpSignIn().answer(PREVENTING, claim), "NotAuthorizedException");

        MfaSignIn.Step challenge = custom.answerPassword(PREVENTING, asked.session(), claim, Map.of());

        assertThat(question(challenge)).isEqualTo("question-2");
        assertThat(session(object(events("DefineAuthChallenge_Authentication").getLast(), "request"))).containsExactly(
                round("SRP_A", true, null), round("PASSWORD_VERIFIER", true, null));
        assertThat(answer(PREVENTING, challenge, "alice", rightAnswer(challenge))).isInstanceOf(MfaSignIn.Tokens.class);
    }

    @Test
    void aWrongPasswordBeforeTheCustomChallengesIsIncorrectAndCounted() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        SrpClaimant claimant = new SrpClaimant();
        MfaSignIn.Challenge asked = (MfaSignIn.Challenge) custom.start(PREVENTING, Map.of("USERNAME", "alice",
                "CHALLENGE_NAME", "SRP_A", "SRP_A", claimant.srpA()), Map.of());
        Map<String, String> claim = new HashMap<>(claimant.claim(asked.parameters(), "Wrong-Horse-9",
                PasswordClaims.TIMESTAMP.format(region.clock().instant())));

        assertRefused(() -> custom.answerPassword(PREVENTING, asked.session(), claim, Map.of()), "NotAuthorizedException")
                .hasMessage("Incorrect username or password.");
        assertThat(failuresCounted("alice")).isEqualTo(1);
        assertThat(events("CreateAuthChallenge_Authentication")).isEmpty();
    }

    @Test
    void aUserWithASecondFactorIsAskedForItAfterTheCustomChallenges() {
        roundsToPass = 1;
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        MfaEnrolment enrolment = region.mfaEnrolment(MfaConfiguration.OPTIONAL);
        String token = region.signIn("alice", PASSWORD).accessToken();
        AuthenticatorApp app = AuthenticatorApp.withSecretCode(enrolment.associate(token, null).secretCode());
        enrolment.verify(token, null, app.codeAt(region.clock().instant()));
        enrolment.setPreference(token, true, true, false);

        MfaSignIn.Step first = start(PREVENTING, "alice");
        MfaSignIn.Step next = answer(PREVENTING, first, "alice", rightAnswer(first));

        assertThat(next).isInstanceOfSatisfying(MfaSignIn.Challenge.class,
                challenge -> assertThat(challenge.name()).isEqualTo("SOFTWARE_TOKEN_MFA"));
    }

    @Test
    void privateParametersAndMetadataTooLargeForASessionAreRefused() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        region.triggerInvoker().serve(CREATE, event -> "{\"response\":{\"publicChallengeParameters\":{},"
                + "\"privateChallengeParameters\":{\"answer\":\"" + "x".repeat(ChallengeSessions.MAX_LENGTH) + "\"}}}");

        assertRefused(() -> start(PREVENTING, "alice"), "InvalidLambdaResponseException");
    }

    @Test
    void preAuthenticationRunsOnceTheChallengesArePassedAndPostAuthenticationWithTheTokens() {
        roundsToPass = 1;
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        String pre = "http://pre-authentication.test/";
        String post = "http://post-authentication.test/";
        region.poolAdministration().update(InMemoryRegion.USER_POOL_ID, new PoolUpdate(Optional.empty(),
                PasswordRequirements.cognitoDefault(), MfaConfiguration.OPTIONAL, List.of("email"),
                List.of(new RecoveryMechanism(1, "verified_email")), DeletionProtection.INACTIVE, false, 7, List.of(),
                LambdaConfig.checked(Map.of("DefineAuthChallenge", DEFINE, "CreateAuthChallenge", CREATE,
                        "VerifyAuthChallengeResponse", VERIFY, "PreAuthentication", pre, "PostAuthentication", post),
                        true)));
        region.triggerInvoker().serve(pre, event -> "{\"response\":{}}").serve(post, event -> "{\"response\":{}}");

        MfaSignIn.Step first = start(PREVENTING, "alice");
        assertThat(events("PreAuthentication_Authentication")).isEmpty();
        answer(PREVENTING, first, "alice", rightAnswer(first));

        List<String> sources = region.triggerInvoker().events().stream()
                .map(event -> (String) parse(event).get("triggerSource")).toList();
        assertThat(sources).containsExactly("DefineAuthChallenge_Authentication", "CreateAuthChallenge_Authentication",
                "VerifyAuthChallengeResponse_Authentication", "DefineAuthChallenge_Authentication",
                "PreAuthentication_Authentication", "PostAuthentication_Authentication");

        region.triggerInvoker().serve(pre, event -> {
            throw new TriggerFailed(TriggerFailed.Kind.FUNCTION_ERROR, "Account on hold");
        });
        MfaSignIn.Step again = start(PREVENTING, "alice");
        assertRefused(() -> answer(PREVENTING, again, "alice", rightAnswer(again)), "UserLambdaValidationException")
                .hasMessage("PreAuthentication failed with error Account on hold.");
    }

    @Test
    void aDefineAnswerCognitoCouldNotActOnIsInvalidLambdaResponse() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        for (String answer : List.of("{\"response\":{\"issueTokens\":false,\"failAuthentication\":false}}",
                "{\"response\":{\"challengeName\":\"SMS_MFA\"}}",
                "{\"response\":{\"challengeName\":\"PASSWORD_VERIFIER\"}}",
                "{\"response\":{\"issueTokens\":\"yes\"}}")) {
            region.triggerInvoker().serve(DEFINE, event -> answer);
            assertRefused(() -> start(PREVENTING, "alice"), "InvalidLambdaResponseException");
        }
        assertThat(events("CreateAuthChallenge_Authentication")).isEmpty();
    }

    @Test
    void withoutTheThreeTriggersCustomAuthIsRefused() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        region.poolAdministration().update(InMemoryRegion.USER_POOL_ID, new PoolUpdate(Optional.empty(),
                PasswordRequirements.cognitoDefault(), MfaConfiguration.OPTIONAL, List.of("email"),
                List.of(new RecoveryMechanism(1, "verified_email")), DeletionProtection.INACTIVE, false, 7, List.of(),
                LambdaConfig.checked(Map.of("DefineAuthChallenge", DEFINE, "CreateAuthChallenge", CREATE), true)));

        assertRefused(() -> start(PREVENTING, "alice"), "InvalidParameterException")
                .hasMessage("Custom auth lambda trigger is not configured for the user pool.");
        assertThat(region.triggerInvoker().events()).isEmpty();
    }
}
