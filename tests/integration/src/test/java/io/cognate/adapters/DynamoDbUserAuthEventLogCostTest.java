package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.adapters.aws.DynamoDbUserAuthEventLog;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.events.SignInHistory;
import io.cognate.domain.events.UserAuthEvent.ChallengeResult;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.CodeDelivery;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * What recording a refused sign-in asks of DynamoDB and of the code delivery for a user who
 * exists and for a username with none: the same calls, of items of about the same size, so the
 * refusal's timing does not tell who exists. Requests are counted on their way to DynamoDB Local.
 */
class DynamoDbUserAuthEventLogCostTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final List<String> calls = new ArrayList<>();
    private final List<Integer> itemSizes = new ArrayList<>();
    private SignInHistory history;
    private User alice;

    @BeforeEach
    void history() {
        var log = new DynamoDbUserAuthEventLog(new CountingClient(ContractDynamoDb.client(), calls, itemSizes),
                ContractDynamoDb.freshTables().directory(), "us-east-1");
        CodeDelivery delivery = new CodeDelivery() {
            @Override
            public void send(Request request) {
                calls.add("PutEvents");
            }

            @Override
            public void sendDecoy(Request request) {
                calls.add("PutEvents");
            }
        };
        history = new SignInHistory(log, delivery, "us-east-1", Clock.systemUTC(), new SecureRandom(),
                AuthEvents.none(), () -> Optional.of("203.0.113.9"));
        alice = new User("sub-alice", Username.of("alice"), UserStatus.CONFIRMED, true,
                Map.of("email", "alice@example.com", "email_verified", "true"), "hash", Optional.empty(), NOW, NOW);
    }

    @Test
    void aRefusalForNobodyCostsTheCallsOfAUsersRefusal() {
        history.refused(alice.username(), Optional.of(alice), List.of(ChallengeResult.PASSWORD_FAILURE));
        List<String> known = List.copyOf(calls);
        int knownSize = itemSizes.getFirst();
        calls.clear();

        history.refused(Username.of("alicf"), Optional.empty(), List.of(ChallengeResult.PASSWORD_FAILURE));

        assertThat(known).containsExactly("PutItem", "PutEvents");
        assertThat(calls).isEqualTo(known);
        // Within a few bytes (the partition key's prefix): the same attributes, the same token hash length.
        assertThat(itemSizes.getLast()).isBetween(knownSize - 16, knownSize + 16);
    }

    @Test
    void aSignInWithTokensCostsOnePutItem() {
        history.succeeded(alice, List.of(ChallengeResult.PASSWORD_SUCCESS));

        assertThat(calls).containsExactly("PutItem");
    }

    /** Passes the adapter's calls on, naming each, and the size of each item put (names and values). */
    private record CountingClient(DynamoDbClient delegate, List<String> calls, List<Integer> itemSizes)
            implements DynamoDbClient {
        @Override
        public PutItemResponse putItem(PutItemRequest request) {
            calls.add("PutItem");
            itemSizes.add(request.item().entrySet().stream()
                    .mapToInt(e -> e.getKey().length() + e.getValue().toString().length()).sum());
            return delegate.putItem(request);
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            calls.add("GetItem");
            return delegate.getItem(request);
        }

        @Override
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public void close() {
        }
    }
}
