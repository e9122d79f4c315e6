package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.instant;
import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;
import static io.cognate.adapters.aws.Items.optionalString;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.domain.Username;
import io.cognate.domain.events.AuthEventIds;
import io.cognate.domain.events.UserAuthEvent;
import io.cognate.domain.events.UserAuthEvent.ChallengeName;
import io.cognate.domain.events.UserAuthEvent.ChallengeResult;
import io.cognate.domain.events.UserAuthEvent.EventResponse;
import io.cognate.domain.events.UserAuthEvent.EventType;
import io.cognate.domain.events.UserAuthEvent.Feedback;
import io.cognate.domain.events.UserAuthEvent.FeedbackValue;
import io.cognate.ports.UserAuthEventLog;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Users' authentication events in the Directory global table, beside the user:
 * {@code USER#<sub>/EVENT#<time>#<eventId>}, the time in ISO-8601 to the millisecond (fixed
 * width, so the sort key orders events by time) and the one the event id carries, so that an
 * event id alone gives its exact key ({@link AuthEventIds}).
 *
 * <p>Why here, unfenced. An event belongs with its user (one partition, one query pages them),
 * and the Directory is the replicated table every region reads, so AdminListUserAuthEvents in
 * any region shows every region's sign-ins. Every region signs users in, so every region must
 * record, and most do not lead: a fenced write would be refused there. None is needed. An append
 * is a PutItem conditional on the key being new, under a key no other event has (a time and 74
 * random bits), so two regions never write one item and last writer wins cannot lose an event;
 * a feedback is conditional on the version read (see {@code AuthEventHistory} for why it too may
 * be written in every region). One PutItem per event: a transaction checking the fence or the
 * user would double its cost on every sign-in for nothing, since an event of a user deleted
 * meanwhile is read by nobody (a sub is never reused) and expires.
 *
 * <p>Each event carries {@code ttl}: DynamoDB drops it {@link io.cognate.domain.events.SignInHistory#RETENTION}
 * after it happened (a decoy, an hour after). Deleting a user leaves its events to expire: one
 * transaction cannot delete an unbounded number of items, and nothing reads them after.
 */
public final class DynamoDbUserAuthEventLog implements UserAuthEventLog {
    static final String SK_PREFIX = "EVENT#";
    private static final DateTimeFormatter SORTABLE_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;
    private final String region;

    public DynamoDbUserAuthEventLog(DynamoDbClient dynamo, String table, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.region = region;
    }

    @Override
    public void append(String sub, UserAuthEvent event) {
        put(toItem("USER#" + sub, event));
    }

    @Override
    public void writeDecoy(Username username, UserAuthEvent event) {
        // The same item, the same condition, under a partition no read looks in.
        put(toItem("DECOY#EVENT#" + username.key(), event));
    }

    @Override
    public Optional<UserAuthEvent> find(String sub, String eventId) {
        Optional<String> sk = sortKey(eventId);
        if (sk.isEmpty()) {
            return Optional.empty();
        }
        var response = dynamo.getItem(b -> b.tableName(table).key(key("USER#" + sub, sk.get())).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toEvent(response.item()));
    }

    @Override
    public Page page(String sub, int limit, Optional<String> after) {
        Optional<Map<String, AttributeValue>> start = after.flatMap(DynamoDbUserAuthEventLog::sortKey)
                .map(sk -> key("USER#" + sub, sk));
        // One more than asked: whether it comes back says whether a next page exists, so the
        // last page never ends with a token that leads to nothing.
        var response = dynamo.query(b -> {
            b.tableName(table).consistentRead(true).scanIndexForward(false).limit(limit + 1)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :events)")
                    .expressionAttributeValues(Map.of(":pk", s("USER#" + sub), ":events", s(SK_PREFIX)));
            start.ifPresent(b::exclusiveStartKey);
        });
        List<UserAuthEvent> events = new ArrayList<>(response.items().stream().map(DynamoDbUserAuthEventLog::toEvent).toList());
        Optional<String> last = Optional.empty();
        if (events.size() > limit) {
            events.remove(limit);
            last = Optional.of(events.getLast().eventId());
        }
        return new Page(events, last);
    }

    @Override
    public boolean recordFeedback(String sub, UserAuthEvent updated) {
        Optional<String> sk = sortKey(updated.eventId());
        Feedback feedback = updated.feedback().orElseThrow(() -> new IllegalArgumentException("no feedback to record"));
        if (sk.isEmpty()) {
            return false;
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key("USER#" + sub, sk.get()))
                    .conditionExpression("#version = :read")
                    .updateExpression("SET feedbackValue = :value, feedbackProvider = :provider, "
                            + "feedbackDate = :date, #version = :next, writerRegion = :region")
                    .expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(Map.of(
                            ":read", n(updated.version() - 1),
                            ":next", n(updated.version()),
                            ":value", s(feedback.value().name()),
                            ":provider", s(feedback.provider()),
                            ":date", millis(feedback.date()),
                            ":region", s(region))));
            return true;
        } catch (ConditionalCheckFailedException changedOrGone) {
            return false;
        }
    }

    private void put(Map<String, AttributeValue> item) {
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    /** {@code EVENT#<time>#<eventId>} for one of {@link AuthEventIds}' ids; empty for anything else. */
    static Optional<String> sortKey(String eventId) {
        return AuthEventIds.createdAt(eventId).map(at -> SK_PREFIX + SORTABLE_MILLIS.format(at) + "#" + eventId);
    }

    private Map<String, AttributeValue> toItem(String pk, UserAuthEvent event) {
        var item = new HashMap<>(key(pk, sortKey(event.eventId())
                .orElseThrow(() -> new IllegalArgumentException("not an event id: " + event.eventId()))));
        item.put("eventId", s(event.eventId()));
        item.put("eventType", s(event.type().name()));
        item.put("createdAt", millis(event.createdAt()));
        item.put("eventResponse", s(event.response().name()));
        item.put("challenges", AttributeValue.fromL(event.challenges().stream()
                .map(c -> s(c.name().name() + ":" + c.response())).toList()));
        event.ipAddress().ifPresent(ip -> item.put("ipAddress", s(ip)));
        item.put("feedbackTokenHash", s(event.feedbackTokenHash()));
        event.feedback().ifPresent(f -> {
            item.put("feedbackValue", s(f.value().name()));
            item.put("feedbackProvider", s(f.provider()));
            item.put("feedbackDate", millis(f.date()));
        });
        item.put("version", n(event.version()));
        item.put("ttl", n(event.expiresAt().getEpochSecond()));
        item.put("writerRegion", s(region));
        return item;
    }

    private static UserAuthEvent toEvent(Map<String, AttributeValue> item) {
        List<ChallengeResult> challenges = item.getOrDefault("challenges", AttributeValue.fromL(List.of())).l().stream()
                .map(value -> {
                    String[] parts = value.s().split(":", 2);
                    return new ChallengeResult(ChallengeName.valueOf(parts[0]), "Success".equals(parts[1]));
                })
                .toList();
        Optional<Feedback> feedback = optionalString(item, "feedbackValue")
                .map(value -> new Feedback(FeedbackValue.valueOf(value), string(item, "feedbackProvider"),
                        instant(item, "feedbackDate")));
        return new UserAuthEvent(string(item, "eventId"), EventType.valueOf(string(item, "eventType")),
                instant(item, "createdAt"), EventResponse.valueOf(string(item, "eventResponse")), challenges,
                optionalString(item, "ipAddress"), string(item, "feedbackTokenHash"), feedback, number(item, "version"),
                Instant.ofEpochSecond(number(item, "ttl")));
    }
}
