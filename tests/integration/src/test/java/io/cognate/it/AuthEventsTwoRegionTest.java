package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.local.events.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthEventType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeName;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.EventResponseType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.EventType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.FeedbackValueType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RiskDecisionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * Users' authentication events through the AWS SDK's Cognito client against the local two-region
 * stack: a user signs in wrong then right at the primary and at the secondary; both regions'
 * events are listed (AdminListUserAuthEvents) in either region once replicated, newest first, in
 * pages; the feedback token the refused sign-in's notice carried records the user's feedback in
 * the region that did not lead; a wrong token, an unknown event and an unknown user get the same
 * answer; the admin's feedback is recorded and said to be the admin's.
 */
@ExtendWith(AuthEventsTwoRegionTest.Stack.class)
class AuthEventsTwoRegionTest {
    private static final String SECONDARY_CALLER = "198.51.100.23";
    private static LocalCognate stack;
    private static PoolUsers atPrimary;
    private static PoolUsers atSecondary;
    private static CognitoIdentityProviderClient adminAtPrimary;
    private static CognitoIdentityProviderClient adminAtSecondary;
    private static String username;
    private static Instant started;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @BeforeAll
    static void aUserSignsInWrongThenRightInEachRegion() {
        LocalRegion primary = stack.primary();
        LocalRegion secondary = secondary();
        atPrimary = new PoolUsers(stack, primary.endpoint(), primary.name());
        atSecondary = new PoolUsers(stack, secondary.endpoint(), secondary.name());
        adminAtPrimary = PoolUsers.adminClient(stack, primary.endpoint(), primary.name());
        adminAtSecondary = PoolUsers.adminClient(stack, secondary.endpoint(), secondary.name());
        username = atPrimary.newConfirmedUser();
        Accounts.awaitReplicated(stack);
        started = Instant.now().minusSeconds(1);

        assertThatThrownBy(() -> atPrimary.signIn(username, "Wrong-Horse-9")).isInstanceOf(NotAuthorizedException.class);
        atPrimary.signIn(username, PoolUsers.PASSWORD);
        assertThatThrownBy(() -> signInFrom(atSecondary.client(), "Wrong-Horse-9"))
                .isInstanceOf(NotAuthorizedException.class);
        signInFrom(atSecondary.client(), PoolUsers.PASSWORD);
        Accounts.awaitReplicated(stack);
    }

    @AfterAll
    static void close() {
        atPrimary.close();
        atSecondary.close();
        adminAtPrimary.close();
        adminAtSecondary.close();
    }

    @Test
    void bothRegionsEventsAreListedInEitherRegionNewestFirst() {
        for (CognitoIdentityProviderClient admin : List.of(adminAtPrimary, adminAtSecondary)) {
            List<AuthEventType> events = admin.adminListUserAuthEvents(b -> b.userPoolId(stack.userPoolId())
                    .username(username)).authEvents();

            // Feedback tests may run first; the events themselves are these four, whatever their feedback.
            assertThat(events).hasSize(4);
            assertThat(events).extracting(AuthEventType::eventType).containsOnly(EventType.SIGN_IN);
            assertThat(events).extracting(AuthEventType::eventResponse).containsExactly(EventResponseType.PASS,
                    EventResponseType.FAIL, EventResponseType.PASS, EventResponseType.FAIL);
            assertThat(events).extracting(AuthEventType::creationDate).isSortedAccordingTo((a, b) -> b.compareTo(a))
                    .allSatisfy(date -> assertThat(date).isBetween(started, Instant.now()));
            assertThat(events).allSatisfy(event -> {
                assertThat(event.eventRisk().riskDecision()).isEqualTo(RiskDecisionType.NO_RISK);
                assertThat(event.eventRisk().compromisedCredentialsDetected()).isFalse();
                assertThat(UUID.fromString(event.eventId()).version()).isEqualTo(7);
            });
            assertThat(events.get(0).challengeResponses()).singleElement().satisfies(c -> {
                assertThat(c.challengeName()).isEqualTo(ChallengeName.PASSWORD);
                assertThat(c.challengeResponse()).isEqualTo(ChallengeResponse.SUCCESS);
            });
            assertThat(events.get(1).challengeResponses()).singleElement()
                    .satisfies(c -> assertThat(c.challengeResponse()).isEqualTo(ChallengeResponse.FAILURE));
            // The secondary's two came through the address its caller sent.
            assertThat(events.subList(0, 2)).allSatisfy(event ->
                    assertThat(event.eventContextData().ipAddress()).isEqualTo(SECONDARY_CALLER));
            assertThat(events.subList(2, 4)).allSatisfy(event ->
                    assertThat(event.eventContextData().ipAddress()).isNotEqualTo(SECONDARY_CALLER));
        }
    }

    @Test
    void pagesFollowTheNextTokenAndAForgedOneIsRefused() {
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            String token = next;
            var page = adminAtPrimary.adminListUserAuthEvents(b -> b.userPoolId(stack.userPoolId()).username(username)
                    .maxResults(3).nextToken(token));
            page.authEvents().forEach(event -> seen.add(event.eventId()));
            next = page.nextToken();
            pages++;
        } while (next != null);

        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactlyElementsOf(adminAtPrimary.adminListUserAuthEvents(b -> b
                .userPoolId(stack.userPoolId()).username(username)).authEvents().stream().map(AuthEventType::eventId)
                .toList());
        for (String forged : List.of("forged", "djE6bm90LWFuLWV2ZW50", "eyJwayI6eyJTIjoiVVNFUiMifX0")) {
            assertThatThrownBy(() -> adminAtPrimary.adminListUserAuthEvents(b -> b.userPoolId(stack.userPoolId())
                    .username(username).nextToken(forged))).isInstanceOf(InvalidParameterException.class);
        }
    }

    @Test
    void theNoticesTokenRecordsTheUsersFeedbackInTheRegionThatDoesNotLead() {
        Outbox.Entry notice = stack.outbox().latestFor(username, Outbox.SIGN_IN_REFUSED).orElseThrow();
        assertThat(notice.destination()).isEqualTo(username + "@example.com");
        String token = notice.code();
        String eventId = token.substring(0, token.indexOf('.'));

        atSecondary.client().updateAuthEventFeedback(b -> b.userPoolId(stack.userPoolId()).username(username)
                .eventId(eventId).feedbackToken(token).feedbackValue(FeedbackValueType.INVALID));
        Accounts.awaitReplicated(stack);

        AuthEventType event = event(adminAtPrimary, eventId);
        assertThat(event.eventResponse()).isEqualTo(EventResponseType.FAIL);
        assertThat(event.eventContextData().ipAddress()).isEqualTo(SECONDARY_CALLER);
        assertThat(event.eventFeedback().feedbackValue()).isEqualTo(FeedbackValueType.INVALID);
        assertThat(event.eventFeedback().provider()).isEqualTo("User");
        assertThat(event.eventFeedback().feedbackDate()).isAfterOrEqualTo(started);
    }

    @Test
    void aWrongTokenAnUnknownEventAndAnUnknownUserGetTheSameAnswer() {
        String token = stack.outbox().latestFor(username, Outbox.SIGN_IN_REFUSED).orElseThrow().code();
        String eventId = token.substring(0, token.indexOf('.'));
        String unknownEvent = "0190a5b2-0000-7000-8000-000000000000";
        List<String> messages = new ArrayList<>();
        for (PoolUsers users : List.of(atPrimary, atSecondary)) {
            for (String[] call : List.of(
                    new String[] {username, eventId, eventId + ".bm90LXRoZS10b2tlbg"},
                    new String[] {username, unknownEvent, token},
                    new String[] {username, "not-an-event", token},
                    new String[] {PoolUsers.newUsername(), eventId, token})) {
                assertThatThrownBy(() -> users.client().updateAuthEventFeedback(b -> b.userPoolId(stack.userPoolId())
                        .username(call[0]).eventId(call[1]).feedbackToken(call[2])
                        .feedbackValue(FeedbackValueType.VALID)))
                        .isInstanceOfSatisfying(NotAuthorizedException.class,
                                e -> messages.add(e.awsErrorDetails().errorMessage()));
            }
        }
        assertThat(messages).hasSize(8).containsOnly(messages.getFirst());
        assertThatThrownBy(() -> atPrimary.client().updateAuthEventFeedback(b -> b.userPoolId("eu-west-1_Elsewhere")
                .username(username).eventId(eventId).feedbackToken(token).feedbackValue(FeedbackValueType.VALID)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void theAdminsFeedbackIsRecordedAsTheAdminsAndUnknownUsersAreNamed() {
        String firstEvent = adminAtPrimary.adminListUserAuthEvents(b -> b.userPoolId(stack.userPoolId())
                .username(username)).authEvents().getLast().eventId();

        adminAtSecondary.adminUpdateAuthEventFeedback(b -> b.userPoolId(stack.userPoolId()).username(username)
                .eventId(firstEvent).feedbackValue(FeedbackValueType.VALID));
        Accounts.awaitReplicated(stack);

        AuthEventType event = event(adminAtPrimary, firstEvent);
        assertThat(event.eventFeedback().feedbackValue()).isEqualTo(FeedbackValueType.VALID);
        assertThat(event.eventFeedback().provider()).isEqualTo("Admin");
        String nobody = PoolUsers.newUsername();
        assertThatThrownBy(() -> adminAtPrimary.adminListUserAuthEvents(b -> b.userPoolId(stack.userPoolId())
                .username(nobody))).isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> adminAtPrimary.adminUpdateAuthEventFeedback(b -> b.userPoolId(stack.userPoolId())
                .username(nobody).eventId(firstEvent).feedbackValue(FeedbackValueType.VALID)))
                .isInstanceOf(UserNotFoundException.class);
    }

    private static AuthEventType event(CognitoIdentityProviderClient admin, String eventId) {
        return admin.adminListUserAuthEvents(b -> b.userPoolId(stack.userPoolId()).username(username)).authEvents()
                .stream().filter(e -> e.eventId().equals(eventId)).findFirst().orElseThrow();
    }

    /** USER_PASSWORD_AUTH with the client's address in X-Forwarded-For, which the local gateway passes on. */
    private static void signInFrom(CognitoIdentityProviderClient client, String password) {
        client.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password))
                .overrideConfiguration(AwsRequestOverrideConfiguration.builder()
                        .putHeader("X-Forwarded-For", SECONDARY_CALLER).build()));
    }

    private static LocalRegion secondary() {
        return stack.regions().stream().filter(r -> !r.name().equals(stack.primary().name())).findFirst().orElseThrow();
    }
}
