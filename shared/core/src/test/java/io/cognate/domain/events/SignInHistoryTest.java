package io.cognate.domain.events;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.User;
import io.cognate.domain.events.UserAuthEvent.ChallengeResult;
import io.cognate.domain.events.UserAuthEvent.EventResponse;
import io.cognate.domain.events.UserAuthEvent.EventType;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.mfa.MfaEnrolment;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.mfa.Totp;
import io.cognate.testing.AuthenticatorApp;
import io.cognate.ports.CodeDelivery;
import io.cognate.testing.InMemoryRegion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Sign-ins recorded in the user's event history: what is stored, that a refusal's notice carries
 * the token whose hash is stored, that a username with no user costs the same writes and sends
 * and stores nothing, and that a store that is down never fails a sign-in.
 */
class SignInHistoryTest {
    private final InMemoryRegion region = InMemoryRegion.create();

    @Test
    void aWrongPasswordThenARightOneAreBothRecordedNewestFirst() {
        User alice = region.signUpConfirmed("alice", "Correct-Horse-9", "alice@example.com");
        region.callerAddress("203.0.113.7");

        assertRefused(() -> region.signIn("alice", "Wrong-Horse-9"), "NotAuthorizedException")
                .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
        region.clock().advance(java.time.Duration.ofSeconds(1));
        region.signIn("alice", "Correct-Horse-9");

        List<UserAuthEvent> events = region.authEventLog().of(alice.sub());
        assertThat(events).extracting(UserAuthEvent::type).containsExactly(EventType.SignIn, EventType.SignIn);
        assertThat(events).extracting(UserAuthEvent::response).containsExactly(EventResponse.Pass, EventResponse.Fail);
        assertThat(events.get(0).challenges()).containsExactly(ChallengeResult.PASSWORD_SUCCESS);
        assertThat(events.get(1).challenges()).containsExactly(ChallengeResult.PASSWORD_FAILURE);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.ipAddress()).contains("203.0.113.7");
            assertThat(event.feedback()).isEmpty();
            assertThat(event.version()).isEqualTo(1);
            assertThat(event.expiresAt()).isEqualTo(event.createdAt().plus(SignInHistory.RETENTION));
            assertThat(AuthEventIds.createdAt(event.eventId())).contains(event.createdAt());
        });
        assertThat(events.get(1).createdAt()).isEqualTo(InMemoryRegion.START);
    }

    @Test
    void aRefusalSendsTheUserTheTokenWhoseHashIsStoredAndNoTokenIsStoredInPlain() {
        User alice = region.signUpConfirmed("alice", "Correct-Horse-9", "alice@example.com");

        assertRefused(() -> region.signIn("alice", "Wrong-Horse-9"), "NotAuthorizedException");

        CodeDelivery.Request notice = region.codeDelivery().lastTo("alice").orElseThrow();
        UserAuthEvent event = region.authEventLog().of(alice.sub()).getFirst();
        assertThat(notice.purpose()).isEqualTo(SignInHistory.NOTICE_PURPOSE);
        assertThat(notice.destination()).isEqualTo("alice@example.com");
        assertThat(notice.code()).startsWith(event.eventId() + ".");
        assertThat(FeedbackTokens.matches(notice.code(), event.feedbackTokenHash())).isTrue();
        assertThat(event.feedbackTokenHash()).isNotEqualTo(notice.code()).doesNotContain(notice.code().substring(37));
        assertThat(notice.toString()).doesNotContain(notice.code());
    }

    @Test
    void aSignInWithTokensSendsNoNotice() {
        region.signUpConfirmed("alice", "Correct-Horse-9", "alice@example.com");
        int sent = region.codeDelivery().sent().size();
        int decoys = region.codeDelivery().decoys().size();

        region.signIn("alice", "Correct-Horse-9");

        assertThat(region.codeDelivery().sent()).hasSize(sent);
        assertThat(region.codeDelivery().decoys()).hasSize(decoys);
    }

    @Test
    void aUsernameWithNoUserRecordsNothingButCostsTheSameWriteAndSend() {
        User alice = region.signUpConfirmed("alice", "Correct-Horse-9", "alice@example.com");
        var log = region.authEventLog();
        var delivery = region.codeDelivery();

        int appends = log.appends();
        int decoys = log.decoys();
        int sends = delivery.sent().size() + delivery.decoys().size();
        assertRefused(() -> region.signIn("alice", "Wrong-Horse-9"), "NotAuthorizedException")
                .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
        int knownWrites = log.appends() - appends + log.decoys() - decoys;
        int knownSends = delivery.sent().size() + delivery.decoys().size() - sends;

        appends = log.appends();
        decoys = log.decoys();
        sends = delivery.sent().size() + delivery.decoys().size();
        assertRefused(() -> region.signIn("mallory", "Wrong-Horse-9"), "NotAuthorizedException")
                .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);

        assertThat(log.appends() - appends).as("nothing stored for nobody").isZero();
        assertThat(log.decoys() - decoys).isEqualTo(knownWrites).isEqualTo(1);
        assertThat(delivery.sent().size() + delivery.decoys().size() - sends).isEqualTo(knownSends).isEqualTo(1);
        assertThat(delivery.lastTo("mallory")).as("no notice reaches anyone").isEmpty();
        assertThat(region.authEventLog().of(alice.sub())).hasSize(1);
    }

    @Test
    void aUserWithoutAVerifiedAddressGetsTheNoticeAsADecoy() {
        region.signUp("bob", "Correct-Horse-9", "bob@example.com"); // unconfirmed: e-mail not verified
        int decoys = region.codeDelivery().decoys().size();

        assertRefused(() -> region.signIn("bob", "Wrong-Horse-9"), "NotAuthorizedException");

        assertThat(region.codeDelivery().decoys()).hasSize(decoys + 1);
        assertThat(region.codeDelivery().decoys().getLast().purpose()).isEqualTo(SignInHistory.NOTICE_PURPOSE);
        assertThat(region.authEventLog().of(region.user("bob").sub())).hasSize(1);
    }

    @Test
    void aStoreThatIsDownFailsNoSignInAndChangesNoAnswer() {
        region.signUpConfirmed("alice", "Correct-Horse-9", "alice@example.com");
        region.authEventLog().failing(true);

        assertRefused(() -> region.signIn("alice", "Wrong-Horse-9"), "NotAuthorizedException")
                .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
        assertRefused(() -> region.signIn("mallory", "Wrong-Horse-9"), "NotAuthorizedException")
                .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
        assertThat(region.signIn("alice", "Correct-Horse-9").accessToken()).isNotBlank();
    }

    @Test
    void aLockedAccountsAttemptsAreNotRecorded() {
        User alice = region.signUpConfirmed("alice", "Correct-Horse-9", "alice@example.com");
        int maxFailures = region.signInAttempts().policy().maxFailures();
        for (int i = 0; i < maxFailures; i++) {
            assertRefused(() -> region.signIn("alice", "Wrong-Horse-9"), "NotAuthorizedException");
        }
        int recorded = region.authEventLog().of(alice.sub()).size();

        for (int i = 0; i < 3; i++) {
            assertRefused(() -> region.signIn("alice", "Wrong-Horse-9"), "NotAuthorizedException")
                    .hasMessage("Password attempts exceeded");
        }

        assertThat(recorded).isEqualTo(maxFailures);
        assertThat(region.authEventLog().of(alice.sub())).hasSize(recorded);
    }

    @Test
    void aPasswordChangeIsRecorded() {
        User alice = region.signUpConfirmed("alice", "Correct-Horse-9", "alice@example.com");
        String access = region.signIn("alice", "Correct-Horse-9").accessToken();
        region.clock().advance(java.time.Duration.ofMillis(1)); // events of one millisecond have no order

        region.accountService().changePassword(access, "Correct-Horse-9", "Other-Horse-10");

        UserAuthEvent newest = region.authEventLog().of(alice.sub()).getFirst();
        assertThat(newest.type()).isEqualTo(EventType.PasswordChange);
        assertThat(newest.response()).isEqualTo(EventResponse.Pass);
    }

    @Test
    void aPasswordResetIsRecorded() {
        User alice = region.signUpConfirmed("alice", "Correct-Horse-9", "alice@example.com");
        region.accountService().forgotPassword(InMemoryRegion.CLIENT_ID, "alice");
        String code = region.codeDelivery().lastCodeFor("alice");

        region.accountService().confirmForgotPassword(InMemoryRegion.CLIENT_ID, "alice", code, "Other-Horse-10");

        assertThat(region.authEventLog().of(alice.sub())).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.ForgotPassword);
            assertThat(event.response()).isEqualTo(EventResponse.Pass);
        });
    }

    @Test
    void aWrongTotpCodeAndThenARightOneAreRecordedWithTheirChallenges() {
        InMemoryRegion mfaPool = InMemoryRegion.builder().mfa(MfaConfiguration.OPTIONAL).build();
        User alice = mfaPool.signUpConfirmed("alice", "Correct-Horse-9", "alice@example.com");
        MfaEnrolment enrolment = mfaPool.mfaEnrolment(MfaConfiguration.OPTIONAL);
        String access = mfaPool.signIn("alice", "Correct-Horse-9").accessToken();
        AuthenticatorApp app = AuthenticatorApp.withSecretCode(enrolment.associate(access, null).secretCode());
        enrolment.verify(access, null, app.codeAt(mfaPool.clock().instant()));
        enrolment.setPreference(access, true, true, false);
        mfaPool.clock().advance(java.time.Duration.ofSeconds(Totp.STEP_SECONDS));
        MfaSignIn signIn = mfaPool.mfaSignIn();
        String session = ((MfaSignIn.Challenge) signIn.passwordAuth(InMemoryRegion.CLIENT_ID, "alice",
                "Correct-Horse-9")).session();
        String code = app.codeAt(mfaPool.clock().instant());
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);

        assertRefused(() -> signIn.respond(InMemoryRegion.CLIENT_ID, "SOFTWARE_TOKEN_MFA", session,
                Map.of("USERNAME", "alice", "SOFTWARE_TOKEN_MFA_CODE", wrong)), "CodeMismatchException");
        mfaPool.clock().advance(java.time.Duration.ofMillis(1));
        signIn.respond(InMemoryRegion.CLIENT_ID, "SOFTWARE_TOKEN_MFA", session,
                Map.of("USERNAME", "alice", "SOFTWARE_TOKEN_MFA_CODE", code));

        List<UserAuthEvent> events = mfaPool.authEventLog().of(alice.sub());
        assertThat(events.get(0).response()).isEqualTo(EventResponse.Pass);
        assertThat(events.get(0).challenges()).containsExactly(ChallengeResult.PASSWORD_SUCCESS,
                ChallengeResult.MFA_SUCCESS);
        assertThat(events.get(1).response()).isEqualTo(EventResponse.Fail);
        assertThat(events.get(1).challenges()).containsExactly(ChallengeResult.PASSWORD_SUCCESS,
                ChallengeResult.MFA_FAILURE);
        assertThat(mfaPool.codeDelivery().lastTo("alice").orElseThrow().code()).startsWith(events.get(1).eventId());
    }

    @Test
    void aHistoryOfNoneRecordsNothingAndThrowsNothing() {
        User alice = region.signUpConfirmed("alice", "Correct-Horse-9", "alice@example.com");
        SignInHistory none = SignInHistory.none();

        none.succeeded(alice, List.of());
        none.refused(alice.username(), Optional.of(alice), List.of());
        none.record(alice, EventType.PasswordChange, EventResponse.Pass, List.of());

        assertThat(region.authEventLog().of(alice.sub())).isEmpty();
    }
}
