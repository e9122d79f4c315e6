package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.federation.saml.PendingSamlRequest;
import io.cognate.ports.PendingSamlRequests;
import io.cognate.ports.UsedSamlAssertions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PendingSamlRequests} and {@link UsedSamlAssertions} does: a pending request
 * is found until consumed or expired and consumed once, in whichever region; an assertion ID is
 * claimed once. The regions share one table here, without replication lag; every test uses
 * RelayStates and IDs of its own.
 */
public abstract class SamlReplayContract {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    private static final int SIMULTANEOUS = 24;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private PendingSamlRequests eastRequests;
    private PendingSamlRequests westRequests;
    private UsedSamlAssertions eastAssertions;
    private UsedSamlAssertions westAssertions;

    protected abstract PendingSamlRequests pendingRequestsIn(String region);

    protected abstract UsedSamlAssertions usedAssertionsIn(String region);

    @BeforeEach
    void stores() {
        eastRequests = pendingRequestsIn(EAST);
        westRequests = pendingRequestsIn(WEST);
        eastAssertions = usedAssertionsIn(EAST);
        westAssertions = usedAssertionsIn(WEST);
    }

    private PendingSamlRequest newRequest() {
        return new PendingSamlRequest(UUID.randomUUID().toString().replace("-", ""), "_" + UUID.randomUUID(), "Corp",
                "client_id=app&state=s", now.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aRememberedRequestIsFoundInEveryRegionAsItWasGiven() {
        var request = newRequest();
        eastRequests.remember(request);
        assertThat(eastRequests.find(request.relayState(), now)).contains(request);
        assertThat(westRequests.find(request.relayState(), now)).contains(request);
    }

    @Test
    void anUnknownRelayStateFindsNothingAndConsumesNothing() {
        assertThat(eastRequests.find("0123456789abcdef0123456789abcdef", now)).isEmpty();
        assertThat(eastRequests.consume("0123456789abcdef0123456789abcdef")).isFalse();
    }

    @Test
    void aRequestIsConsumedOnceWhicheverRegionTriesAgain() {
        var request = newRequest();
        eastRequests.remember(request);
        assertThat(eastRequests.consume(request.relayState())).isTrue();
        assertThat(eastRequests.consume(request.relayState())).isFalse();
        assertThat(westRequests.consume(request.relayState())).isFalse();
        assertThat(westRequests.find(request.relayState(), now)).isEmpty();
    }

    @Test
    void anExpiredRequestIsNotFound() {
        var request = newRequest();
        eastRequests.remember(request);
        assertThat(eastRequests.find(request.relayState(), request.expiresAt().minusMillis(1))).isPresent();
        assertThat(eastRequests.find(request.relayState(), request.expiresAt())).isEmpty();
    }

    @Test
    void onlyOneOfSimultaneousConsumptionsInTwoRegionsSucceeds() throws Exception {
        var request = newRequest();
        eastRequests.remember(request);
        AtomicInteger callers = new AtomicInteger();
        var outcomes = AllAtOnce.call(SIMULTANEOUS,
                () -> (callers.getAndIncrement() % 2 == 0 ? eastRequests : westRequests).consume(request.relayState()));
        assertThat(outcomes).containsOnlyOnce(true);
    }

    @Test
    void anAssertionIdIsClaimedOncePerIssuer() {
        String id = "_" + UUID.randomUUID();
        Instant forgetAfter = now.plus(Duration.ofMinutes(6));
        assertThat(eastAssertions.claim("https://idp.example", id, forgetAfter)).isTrue();
        assertThat(eastAssertions.claim("https://idp.example", id, forgetAfter)).isFalse();
        assertThat(westAssertions.claim("https://idp.example", id, forgetAfter)).isFalse();
        assertThat(eastAssertions.claim("https://other-idp.example", id, forgetAfter)).isTrue();
        assertThat(eastAssertions.claim("https://idp.exampl", "e" + id, forgetAfter)).isTrue();
    }

    @Test
    void onlyOneOfSimultaneousClaimsInTwoRegionsSucceeds() throws Exception {
        String id = "_" + UUID.randomUUID();
        AtomicInteger callers = new AtomicInteger();
        var outcomes = AllAtOnce.call(SIMULTANEOUS, () -> (callers.getAndIncrement() % 2 == 0 ? eastAssertions : westAssertions)
                .claim("https://idp.example", id, now.plus(Duration.ofMinutes(6))));
        assertThat(outcomes).containsOnlyOnce(true);
    }
}
