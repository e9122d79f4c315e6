package io.cognate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cognate.it.PoolUsers;
import io.cognate.local.events.LocalEvent;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;

/**
 * The primary region goes down. The secondary detects it within one scheduled run, promotes
 * itself, flips the public record and announces it; users keep their sessions and can write
 * again; the recovered primary stays a secondary.
 */
class PrimaryOutageScenarioTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    private static ScenarioStack s;

    @BeforeAll
    static void start() {
        s = new ScenarioStack();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void theSecondaryTakesOverAndUsersCarryOn() throws Exception {
        String alice = s.users.newConfirmedUser();
        AuthenticationResultType before = s.users.signIn(alice, PoolUsers.PASSWORD);
        s.awaitReplicated();
        s.runCheck(WEST);
        assertThat(s.stack.activeRegion()).isEqualTo(EAST);
        assertThat(s.failoverEvents()).isEmpty();

        s.stack.setOutage(EAST, true);
        assertThatThrownBy(() -> s.users.signIn(alice, PoolUsers.PASSWORD))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(503));

        Map<String, Object> run = s.runCheck(WEST);
        assertThat(run).containsEntry("role", "primary").containsEntry("epoch", 2L).containsEntry("takeovers", 1);
        assertThat(s.stack.trafficRegion()).contains(WEST);
        assertThat(s.region(WEST).role()).isEqualTo("primary");
        LocalEvent event = s.failoverEvents().getFirst();
        assertThat(s.failoverEvents()).hasSize(1);
        assertThat(event.detailType()).isEqualTo("FailoverCompleted");
        assertThat(event.detailText("fromRegion")).isEqualTo(EAST);
        assertThat(event.detailText("toRegion")).isEqualTo(WEST);
        assertThat(event.detail().path("epoch").asLong()).isEqualTo(2);
        assertThat(event.detailText("reason")).contains("failed 3 consecutive health probes");
        var timings = event.detail().path("timings");
        // Counted from the first of three failed probes ten seconds apart: about two intervals
        // (20 s), not one (10 s) or none. Not exactly 20 s: each tick's Control-table read before
        // its probe takes a few real milliseconds, and the first tick's may take longer.
        assertThat(timings.path("detectionMs").asLong()).isGreaterThan(15_000);
        assertThat(timings.path("totalMs").asLong()).isCloseTo(timings.path("detectionMs").asLong()
                + timings.path("promotionMs").asLong() + timings.path("flipMs").asLong(), within(2L)); // rounding of parts
        FailoverTimes.record("primary outage (default settings)", event);
        assertThat(s.console()).contains("event: FailoverCompleted us-east-1 -> eu-west-1 at epoch 2");

        // Through the front door, now at the secondary: sessions survive, writes work.
        assertThat(s.users.client().getUser(b -> b.accessToken(before.accessToken())).username()).isEqualTo(alice);
        AuthenticationResultType refreshed = s.users.refresh(before.refreshToken());
        assertThat(s.users.client().getUser(b -> b.accessToken(refreshed.accessToken())).username()).isEqualTo(alice);
        assertThat(s.users.signIn(alice, PoolUsers.PASSWORD).idToken()).isNotBlank();
        String bob = s.users.newConfirmedUser();
        assertThat(s.users.signIn(bob, PoolUsers.PASSWORD).accessToken()).isNotBlank();
        s.users.client().changePassword(b -> b.accessToken(before.accessToken()).previousPassword(PoolUsers.PASSWORD)
                .proposedPassword("Changed-At-West-5"));
        assertThat(s.users.signIn(alice, "Changed-At-West-5").accessToken()).isNotBlank();

        // The primary comes back, sees the higher epoch, and stays a secondary.
        s.stack.setOutage(EAST, false);
        s.awaitReplicated();
        assertThat(s.runCheck(EAST)).containsEntry("role", "secondary").containsEntry("epoch", 2L);
        assertThat(s.runCheck(EAST)).containsEntry("role", "secondary");
        assertThat(s.runCheck(WEST)).containsEntry("role", "primary");
        assertThat(s.stack.trafficRegion()).contains(WEST);
        assertThat(s.health(EAST).path("role").asText()).isEqualTo("secondary");
        assertThat(s.health(EAST).path("writable").asBoolean()).isFalse();
        try (PoolUsers atEast = s.usersAt(EAST)) {
            assertThatThrownBy(() -> atEast.signUp(PoolUsers.newUsername(), PoolUsers.PASSWORD))
                    .isInstanceOf(OperationNotEnabledException.class);
            // Reads are served there, with the writes made at the new primary.
            assertThat(atEast.signIn(alice, "Changed-At-West-5").accessToken()).isNotBlank();
            assertThat(atEast.signIn(bob, PoolUsers.PASSWORD).accessToken()).isNotBlank();
        }
        assertThat(s.failoverEvents()).hasSize(1);
    }

    @Test
    void twoRunsRacingEachOtherPromoteOnce() throws Exception {
        try (var race = new ScenarioStack()) {
            race.users.newConfirmedUser();
            race.awaitReplicated();
            race.stack.setOutage(EAST, true);
            // Two invocations of the secondary's check at once, as when a run overlaps the next.
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> race.stack.runScheduledCheck(WEST));
            var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> race.stack.runScheduledCheck(WEST));
            assertThat(first.get()).containsEntry("role", "primary").containsEntry("epoch", 2L);
            assertThat(second.get()).containsEntry("role", "primary").containsEntry("epoch", 2L);
            assertThat(race.stack.leaderEpoch()).isEqualTo(2);
            assertThat(race.stack.trafficRegion()).contains(WEST);
            // The event goes out at least once; every copy names the one promotion.
            assertThat(race.failoverEvents()).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.detail().path("epoch").asLong()).isEqualTo(2));
            assertThat(race.users.newConfirmedUser()).isNotBlank();
        }
    }
}
