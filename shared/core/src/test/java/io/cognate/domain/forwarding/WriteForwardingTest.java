package io.cognate.domain.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.config.WriteForwardingConfig;
import io.cognate.domain.CognitoException;
import io.cognate.domain.LeaderRecord;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.LeaderForwarder;
import io.cognate.ports.ReplicaCatchUp.WrittenItem;
import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.MutableClock;
import io.cognate.testing.SealedInMemory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The sender's decisions and the leader's checks, with both regions in memory. */
class WriteForwardingTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    private static final String POOL = "us-east-1_pool";
    private static final byte[] BODY = "{\"ClientId\":\"c\",\"Username\":\"u\"}".getBytes(StandardCharsets.UTF_8);
    private static final WriteForwardingConfig CONFIG = new WriteForwardingConfig(
            Map.of(EAST, URI.create("https://east.example"), WEST, URI.create("https://west.example")),
            Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(2));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final SealedInMemory envelopes = new SealedInMemory();
    private final InMemoryLeaderRecords leaders = new InMemoryLeaderRecords(clock);
    private final AtomicBoolean enabled = new AtomicBoolean(true);
    private final List<List<WrittenItem>> awaited = new ArrayList<>();
    private LeaderForwarder.Answer leaderAnswer = new LeaderForwarder.Answer(200, Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
    private Map<String, String> sentHeaders;
    private byte[] sentBody;
    private int sends;

    {
        leaders.initialise(new LeaderRecord(EAST, 1));
    }

    private WriteForwarding region(String name, LeaderForwarder forwarder) {
        return new WriteForwarding(name, POOL, leaders, enabled::get,
                new ForwardingKeys(POOL, name, envelopes, new SecureRandom(), clock), forwarder,
                (items, bound) -> awaited.add(items), CONFIG, AuthEvents.none(), clock);
    }

    private WriteForwarding west() {
        return region(WEST, (endpoint, headers, body, connect, answer) -> {
            sends++;
            sentHeaders = headers;
            sentBody = body;
            return leaderAnswer;
        });
    }

    private static WriteForwarding.Request request(String operation) {
        return new WriteForwarding.Request(operation, Optional.empty(), "application/x-amz-json-1.1", BODY,
                Optional.of("198.51.100.9"), Optional.empty());
    }

    @Test
    void writesAreForwardedReadsAndTheLeadersOwnWritesAreNot() {
        assertThat(west().forwardIfNeeded(request("SignUp"))).isPresent();
        assertThat(west().forwardIfNeeded(request("InitiateAuth"))).isEmpty();
        assertThat(west().forwardIfNeeded(request("GetUser"))).isEmpty();
        assertThat(region(EAST, (e, h, b, c, a) -> { throw new AssertionError("the leader forwarded"); })
                .forwardIfNeeded(request("SignUp"))).isEmpty();
        assertThat(west().forwardIfNeeded(new WriteForwarding.Request("RespondToAuthChallenge",
                Optional.of("SOFTWARE_TOKEN_MFA"), "application/x-amz-json-1.1", BODY, Optional.empty(), Optional.empty())))
                .isEmpty();
        assertThat(west().forwardIfNeeded(new WriteForwarding.Request("RespondToAuthChallenge",
                Optional.of("NEW_PASSWORD_REQUIRED"), "application/x-amz-json-1.1", BODY, Optional.empty(), Optional.empty())))
                .isPresent();
        assertThat(sends).isEqualTo(2);
    }

    @Test
    void withTheSettingOffNothingIsForwarded() {
        enabled.set(false);
        assertThat(west().forwardIfNeeded(request("SignUp"))).isEmpty();
        assertThat(sends).isZero();
    }

    @Test
    void withNoEndpointsConfiguredNothingIsForwardedAndNothingForwardedIsAccepted() {
        var unlinked = new WriteForwarding(WEST, POOL, leaders, enabled::get,
                new ForwardingKeys(POOL, WEST, envelopes, new SecureRandom(), clock),
                (e, h, b, c, a) -> { throw new AssertionError("forwarded"); }, (items, bound) -> true,
                WriteForwardingConfig.none(), AuthEvents.none(), clock);
        assertThat(unlinked.forwardIfNeeded(request("SignUp"))).isEmpty();
        west().forwardIfNeeded(request("SignUp"));
        var eastUnlinked = new WriteForwarding(EAST, POOL, leaders, enabled::get,
                new ForwardingKeys(POOL, EAST, envelopes, new SecureRandom(), clock), null, null,
                WriteForwardingConfig.none(), AuthEvents.none(), clock);
        refused(() -> eastUnlinked.verify(this::sent, "SignUp", sentBody));
    }

    @Test
    void theLeaderAcceptsWhatTheSenderSignedAndTheSenderWaitsForTheItemsWritten() {
        var written = List.of(WrittenItem.version("directory", "USER#1", "PROFILE", 3),
                WrittenItem.present("directory", "USERNAME#u", "USERNAME"), WrittenItem.deleted("directory", "X", "Y"));
        leaderAnswer = new LeaderForwarder.Answer(200, Map.of(ForwardingSignature.WRITTEN,
                WriteForwarding.receiptsHeader(written), "content-type", "application/x-amz-json-1.1"), "{}".getBytes());
        var answer = west().forwardIfNeeded(request("SignUp")).orElseThrow();
        assertThat(answer.headers()).doesNotContainKey(ForwardingSignature.WRITTEN);
        assertThat(awaited).containsExactly(written);

        var call = region(EAST, null).verify(name -> Optional.ofNullable(sentHeaders.get(name)), "SignUp", sentBody);
        assertThat(call.from()).isEqualTo(WEST);
        assertThat(call.callerAddress()).contains("198.51.100.9");
        assertThat(call.adminKeyId()).isEmpty();
    }

    @Test
    void theLeaderRefusesAnythingChangedOutsideTheWindowOrMeantForAnotherRegion() {
        west().forwardIfNeeded(request("SignUp"));
        WriteForwarding east = region(EAST, null);
        refused(() -> east.verify(header(ForwardingSignature.CALLER_ADDRESS, "203.0.113.1"), "SignUp", sentBody));
        refused(() -> east.verify(header(ForwardingSignature.SIGNATURE, "0".repeat(64)), "SignUp", sentBody));
        refused(() -> east.verify(header(ForwardingSignature.KEY, "not-sealed"), "SignUp", sentBody));
        refused(() -> east.verify(header(ForwardingSignature.SIGNATURE, null), "SignUp", sentBody));
        refused(() -> east.verify(header(ForwardingSignature.ADMIN_KEY, "AKIDFORGED0000000000"), "SignUp", sentBody));
        refused(() -> east.verify(header(ForwardingSignature.TO, null), "SignUp", sentBody));
        refused(() -> east.verify(this::sent, "AdminDeleteUser", sentBody));
        refused(() -> east.verify(this::sent, "SignUp", "{}".getBytes(StandardCharsets.UTF_8)));
        // Sent to the west itself, or taken to a third region: not for them.
        refused(() -> region(WEST, null).verify(this::sent, "SignUp", sentBody));
        refused(() -> region("ap-south-1", null).verify(this::sent, "SignUp", sentBody));
        // From a region that is not one of the pool's.
        Map<String, String> east2 = new HashMap<>(sentHeaders);
        east2.put(ForwardingSignature.FROM, "ap-south-1");
        refused(() -> east.verify(name -> Optional.ofNullable(east2.get(name)), "SignUp", sentBody));
        // Replayed after the window, or dated ahead of it.
        clock.advance(WriteForwarding.MAX_SKEW.plusSeconds(1));
        refused(() -> east.verify(this::sent, "SignUp", sentBody));
        clock.advance(WriteForwarding.MAX_SKEW.multipliedBy(-2).minusSeconds(2));
        refused(() -> east.verify(this::sent, "SignUp", sentBody));
        clock.advance(WriteForwarding.MAX_SKEW.plusSeconds(1));
        assertThat(east.verify(this::sent, "SignUp", sentBody).from()).isEqualTo(WEST);
    }

    @Test
    void anUnreachableLeaderOrOneThatNoLongerLeadsIsARetryableRefusal() {
        WriteForwarding unreachable = region(WEST, (e, h, b, c, a) -> { throw new LeaderForwarder.Unreachable("timeout"); });
        retryable(() -> unreachable.forwardIfNeeded(request("SignUp")));
        leaderAnswer = new LeaderForwarder.Answer(503, Map.of(), "{\"message\":\"Service Unavailable\"}".getBytes());
        retryable(() -> west().forwardIfNeeded(request("SignUp")));
        leaderAnswer = new LeaderForwarder.Answer(400, Map.of("x-amzn-errortype", "OperationNotEnabledException"),
                "{}".getBytes());
        retryable(() -> west().forwardIfNeeded(request("SignUp")));
        // The leader's own Cognito answers go back as they are, errors included.
        leaderAnswer = new LeaderForwarder.Answer(400, Map.of("x-amzn-errortype", "UsernameExistsException"),
                "{\"__type\":\"UsernameExistsException\"}".getBytes());
        assertThat(west().forwardIfNeeded(request("SignUp")).orElseThrow().status()).isEqualTo(400);
        assertThat(awaited).isEmpty();
    }

    @Test
    void receiptsSurviveTheirHeaderAndUnknownPartsAreSkipped() {
        var items = List.of(WrittenItem.version("t", "USER#a,b.c", "PROFILE", 7), WrittenItem.deleted("t", "p", "s"));
        assertThat(WriteForwarding.receipts(WriteForwarding.receiptsHeader(items))).isEqualTo(items);
        assertThat(WriteForwarding.receipts("junk,a.b.c.x,dA.cA.cw.p")).hasSize(1);
    }

    private Optional<String> sent(String name) {
        return Optional.ofNullable(sentHeaders.get(name));
    }

    private java.util.function.Function<String, Optional<String>> header(String changed, String value) {
        Map<String, String> headers = new HashMap<>(sentHeaders);
        if (value == null) {
            headers.remove(changed);
        } else {
            headers.put(changed, value);
        }
        return name -> Optional.ofNullable(headers.get(name));
    }

    private static void refused(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CognitoException.class,
                e -> assertThat(e.type()).isEqualTo("UnrecognizedClientException"));
    }

    private static void retryable(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CognitoException.class,
                e -> assertThat(e.type()).isEqualTo("InternalErrorException"));
    }
}
