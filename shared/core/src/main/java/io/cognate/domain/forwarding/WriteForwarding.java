package io.cognate.domain.forwarding;

import io.cognate.config.WriteForwardingConfig;
import io.cognate.domain.CognitoException;
import io.cognate.domain.LeaderRecord;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.LeaderForwarder;
import io.cognate.ports.LeaderRecords;
import io.cognate.ports.ReplicaCatchUp;
import io.cognate.ports.ReplicaCatchUp.WrittenItem;
import io.cognate.ports.SecretEnvelopes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write forwarding, Aurora Global Database's model: a region that does not lead sends each write
 * it is asked for to the leader's regional endpoint, signed region to region
 * ({@link ForwardingSignature}), and answers with the leader's answer as it came; the leader checks
 * the signature and answers as if the caller had come to it, knowing the caller's address only
 * from the signed headers. Before answering, the sender waits (bounded) until its own replica holds
 * what the leader wrote, so the caller's next read here sees its write.
 *
 * <p>When the leader does not answer (no connection, timeout, a 5xx from its gateway) or no
 * longer leads, the write is refused with {@code InternalErrorException} (HTTP 500), which the AWS
 * SDKs retry, until a promotion makes this region the leader and it writes locally again. With
 * the pool's setting off, nothing is forwarded and the write fence refuses as before.
 */
public final class WriteForwarding {
    /** A signed request older or newer than this is refused: SigV4's window ({@code AdminRequestAuthentication.MAX_SKEW}). */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    /** At most this many items are named back for read-your-writes; a write that stores more (DeleteGroup) names its first ones. */
    static final int MAX_RECEIPTS = 32;
    private static final String INVALID = "The security token included in the request is invalid.";
    private static final Logger LOG = LoggerFactory.getLogger(WriteForwarding.class);

    private final String region;
    private final String poolId;
    private final LeaderRecords leaders;
    private final BooleanSupplier enabled;
    private final ForwardingKeys keys;
    private final LeaderForwarder forwarder;
    private final ReplicaCatchUp catchUp;
    private final Supplier<WriteForwardingConfig> configuration;
    private final AuthEvents events;
    private final Clock clock;

    public WriteForwarding(String region, String poolId, LeaderRecords leaders, BooleanSupplier enabled,
                           ForwardingKeys keys, LeaderForwarder forwarder, ReplicaCatchUp catchUp,
                           WriteForwardingConfig config, AuthEvents events, Clock clock) {
        this(region, poolId, leaders, enabled, keys, forwarder, catchUp, () -> config, events, clock);
    }

    /** With the endpoints and bounds read at each request (the local runtime may change them). */
    public WriteForwarding(String region, String poolId, LeaderRecords leaders, BooleanSupplier enabled,
                           ForwardingKeys keys, LeaderForwarder forwarder, ReplicaCatchUp catchUp,
                           Supplier<WriteForwardingConfig> configuration, AuthEvents events, Clock clock) {
        this.region = region;
        this.poolId = poolId;
        this.leaders = leaders;
        this.enabled = enabled;
        this.keys = keys;
        this.forwarder = forwarder;
        this.catchUp = catchUp;
        this.configuration = configuration;
        this.events = events;
        this.clock = clock;
    }

    /** A request as the sender received it, after it checked it (and the admin signature, for an Admin operation). */
    public record Request(String operation, Optional<String> challengeName, String contentType, byte[] body,
                          Optional<String> callerAddress, Optional<String> adminKeyId) {
    }

    /** Who a verified forwarded request came from, and for whom. */
    public record ForwardedCall(String from, Optional<String> callerAddress, Optional<String> adminKeyId) {
    }

    /**
     * The leader's answer to {@code request} when this region forwards it (a write, this region
     * does not lead, the pool forwards); empty when it is to be served here.
     */
    public Optional<LeaderForwarder.Answer> forwardIfNeeded(Request request) {
        if (!WriteOperations.forwarded(request.operation(), request.challengeName())) {
            return Optional.empty();
        }
        WriteForwardingConfig config = configuration.get();
        if (config.endpoints().isEmpty()) {
            // A deployment that names no regional endpoints has nowhere to forward to: the write
            // fence refuses as it always has.
            return Optional.empty();
        }
        Optional<LeaderRecord> leader = leaders.current();
        if (leader.filter(l -> l.isLeader(region)).isPresent() || !enabled.getAsBoolean()) {
            return Optional.empty();
        }
        String active = leader.map(LeaderRecord::activeRegion).filter(r -> !r.isEmpty())
                .orElseThrow(() -> unreachable("no region leads now (a switchover is in progress)"));
        URI endpoint = config.endpoint(active)
                .orElseThrow(() -> unreachable("no endpoint of " + active + " is configured"));
        LeaderForwarder.Answer answer;
        try {
            answer = forwarder.send(endpoint, signedHeaders(request, active), request.body(),
                    config.connectTimeout(), config.answerTimeout());
        } catch (LeaderForwarder.Unreachable e) {
            LOG.warn("forwarded write not answered: operation={} leader={} reason={}", request.operation(), active,
                    e.getMessage());
            throw unreachable(active + " did not answer");
        }
        Optional<String> errorType = answer.header("x-amzn-errortype");
        if (answer.status() >= 500 && errorType.isEmpty()) {
            // Its gateway's own failure (a region down answers 503): no Cognito answer to pass on.
            throw unreachable(active + " answered HTTP " + answer.status());
        }
        if (errorType.filter("OperationNotEnabledException"::equals).isPresent()) {
            // It no longer leads: leadership is moving, and the write goes through once this
            // region sees the new leader record.
            throw unreachable(active + " no longer leads");
        }
        if (answer.status() / 100 == 2) {
            List<WrittenItem> written = answer.header(ForwardingSignature.WRITTEN).map(WriteForwarding::receipts)
                    .orElse(List.of());
            if (!written.isEmpty() && !catchUp.await(written, config.catchUpBound())) {
                LOG.warn("forwarded write not replicated here within {} ms: operation={} items={}",
                        config.catchUpBound().toMillis(), request.operation(), written.size());
            }
        }
        var headers = new LinkedHashMap<>(answer.headers());
        headers.remove(ForwardingSignature.WRITTEN);
        return Optional.of(new LeaderForwarder.Answer(answer.status(), headers, answer.body()));
    }

    /**
     * Whether the request carries forwarding headers at all: if it does, it is served only once
     * {@link #verify} accepts them, never as an ordinary request.
     */
    public static boolean claimsForwarding(Function<String, Optional<String>> header) {
        return List.of(ForwardingSignature.FROM, ForwardingSignature.TO, ForwardingSignature.DATE,
                ForwardingSignature.CALLER_ADDRESS, ForwardingSignature.ADMIN_KEY, ForwardingSignature.KEY,
                ForwardingSignature.SIGNATURE).stream().anyMatch(name -> header.apply(name).isPresent());
    }

    /**
     * Checks a forwarded request at the leader: every signed header present, sent to this region by
     * another region of the pool, within {@link #MAX_SKEW}, a forwarding secret that opens as that
     * region's, and the HMAC over it all. Every failure is the same {@code UnrecognizedClientException}.
     */
    public ForwardedCall verify(Function<String, Optional<String>> header, String operation, byte[] body) {
        String from = required(header, ForwardingSignature.FROM);
        String to = required(header, ForwardingSignature.TO);
        String date = required(header, ForwardingSignature.DATE);
        String caller = required(header, ForwardingSignature.CALLER_ADDRESS);
        String adminKey = required(header, ForwardingSignature.ADMIN_KEY);
        String sealed = required(header, ForwardingSignature.KEY);
        String signature = required(header, ForwardingSignature.SIGNATURE);
        if (!to.equals(region) || from.equals(region) || !configuration.get().endpoints().containsKey(from)) {
            throw refused("region");
        }
        if (!WriteOperations.mayBeForwarded(operation)) {
            throw refused("operation");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(ForwardingSignature.TIME.parse(date));
        } catch (DateTimeParseException e) {
            throw refused("date");
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW)) || signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw refused("skew");
        }
        byte[] secret;
        try {
            secret = keys.open(sealed, from);
        } catch (SecretEnvelopes.CannotOpen | IllegalArgumentException e) {
            throw refused("key");
        }
        String expected = ForwardingSignature.sign(secret,
                ForwardingSignature.canonical(date, from, to, poolId, operation, caller, adminKey, body));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw refused("signature");
        }
        return new ForwardedCall(from, Optional.of(caller).filter(c -> !ForwardingSignature.NONE.equals(c)),
                Optional.of(adminKey).filter(k -> !ForwardingSignature.NONE.equals(k)));
    }

    private Map<String, String> signedHeaders(Request request, String to) {
        ForwardingKeys.Key key = keys.current();
        String date = ForwardingSignature.format(clock.instant());
        String caller = request.callerAddress().orElse(ForwardingSignature.NONE);
        String adminKey = request.adminKeyId().orElse(ForwardingSignature.NONE);
        var headers = new LinkedHashMap<String, String>();
        headers.put("content-type", request.contentType());
        headers.put("x-amz-target", "AWSCognitoIdentityProviderService." + request.operation());
        headers.put(ForwardingSignature.FROM, region);
        headers.put(ForwardingSignature.TO, to);
        headers.put(ForwardingSignature.DATE, date);
        headers.put(ForwardingSignature.CALLER_ADDRESS, caller);
        headers.put(ForwardingSignature.ADMIN_KEY, adminKey);
        headers.put(ForwardingSignature.KEY, key.sealed());
        headers.put(ForwardingSignature.SIGNATURE, ForwardingSignature.sign(key.secret(),
                ForwardingSignature.canonical(date, region, to, poolId, request.operation(), caller, adminKey,
                        request.body())));
        return headers;
    }

    /** The items a forwarded write stored, as the leader names them back ({@link ForwardingSignature#WRITTEN}). */
    public static String receiptsHeader(List<WrittenItem> items) {
        var parts = new ArrayList<String>();
        for (WrittenItem item : items.subList(0, Math.min(items.size(), MAX_RECEIPTS))) {
            String state = switch (item.kind()) {
                case VERSION -> Long.toString(item.version());
                case PRESENT -> "p";
                case DELETED -> "d";
            };
            parts.add(encode(item.table()) + "." + encode(item.pk()) + "." + encode(item.sk()) + "." + state);
        }
        return String.join(",", parts);
    }

    static List<WrittenItem> receipts(String header) {
        var items = new ArrayList<WrittenItem>();
        for (String part : header.split(",")) {
            String[] fields = part.split("\\.", -1);
            if (fields.length != 4 || items.size() == MAX_RECEIPTS) {
                continue;
            }
            try {
                String table = decode(fields[0]);
                String pk = decode(fields[1]);
                String sk = decode(fields[2]);
                items.add(switch (fields[3]) {
                    case "p" -> WrittenItem.present(table, pk, sk);
                    case "d" -> WrittenItem.deleted(table, pk, sk);
                    default -> WrittenItem.version(table, pk, sk, Long.parseLong(fields[3]));
                });
            } catch (IllegalArgumentException malformed) {
                // Not something this version writes: nothing to wait for.
            }
        }
        return items;
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String text) {
        return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    }

    private String required(Function<String, Optional<String>> header, String name) {
        return header.apply(name).filter(v -> !v.isEmpty()).orElseThrow(() -> refused("missing"));
    }

    private CognitoException refused(String reason) {
        events.adminRequestRefused("forwarding-" + reason);
        return new CognitoException("UnrecognizedClientException", INVALID);
    }

    /** The retryable refusal: HTTP 500 {@code InternalErrorException}, which the AWS SDKs retry. */
    private CognitoException unreachable(String why) {
        return CognitoException.leaderUnreachable(region, why);
    }
}
