package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbPasskeys;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.passkeys.PasskeyCredential;
import io.cognate.domain.passkeys.PasskeyCredentials;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.PasskeyStore;
import io.cognate.testing.contracts.LeaderStore;
import io.cognate.testing.contracts.PasskeyStoreContract;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The passkey store contract on the Directory and Control tables, on DynamoDB Local through the real SDK client. */
class DynamoDbPasskeysContractTest extends PasskeyStoreContract {
    private TableNames tables;

    @Override
    protected Storage newStorage() {
        tables = ContractDynamoDb.freshTables();
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        return new Storage(new DynamoDbPasskeys(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                LeaderStore.of(leaders));
    }

    /**
     * A user's passkeys carry the line of writers a profile carries: the second leader's write
     * names the first leader's copy as the one it replaced, and a copy that replication put in
     * place after this writer read, at the same version, refuses the write.
     */
    @Test
    void passkeysWrittenByTwoLeadersInTurnNameTheCopyTheyReplaced() {
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        LeaderRecord first = leaders.current().orElseThrow();
        Instant now = Instant.now();
        new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION)
                .create(new User("sub-pk", Username.of("pk"), UserStatus.CONFIRMED, true, Map.of(), "hash",
                        Optional.empty(), now, now), first);
        var east = new DynamoDbPasskeys(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION);
        PasskeyCredentials one = PasskeyCredentials.none().with(credential("cred-1", now), now);
        east.put("sub-pk", one, 0, Optional.empty(), first);

        leaders.promote(leaders.state().orElseThrow(), OTHER_REGION, "test", now, Optional.empty()).orElseThrow();
        LeaderRecord second = leaders.current().orElseThrow();
        var west = new DynamoDbPasskeys(ContractDynamoDb.client(), tables.directory(), tables.control(), OTHER_REGION);
        PasskeyCredentials read = west.find("sub-pk").orElseThrow();
        PasskeyCredentials two = read.with(credential("cred-2", now), now);
        west.put("sub-pk", two, read.version(), Optional.empty(), second);

        Map<String, AttributeValue> item = item();
        assertThat(item.get("ancestorEpoch").n()).isEqualTo(String.valueOf(first.epoch()));
        assertThat(item.get("ancestorRegion").s()).isEqualTo(REGION);
        assertThat(item.get("ancestorVersion").n()).isEqualTo(String.valueOf(one.version()));
        assertThat(item.get("ancestorLine").s()).isEqualTo("0//-1");

        PasskeyCredentials current = west.find("sub-pk").orElseThrow();
        ContractDynamoDb.client().updateItem(b -> b.tableName(tables.directory()).key(key())
                .updateExpression("SET writerRegion = :other").expressionAttributeValues(Map.of(":other",
                        AttributeValue.fromS("ap-southeast-2"))));
        assertThatThrownBy(() -> west.put("sub-pk", current.without("cred-1", now), current.version(), Optional.empty(),
                second)).isInstanceOf(PasskeyStore.Conflict.class);
    }

    private static PasskeyCredential credential(String id, Instant at) {
        return new PasskeyCredential(id, "key-" + id, 0, "none", List.of(), Optional.empty(), "Passkey " + id,
                "auth.example.com", at);
    }

    private Map<String, AttributeValue> item() {
        return ContractDynamoDb.client().getItem(b -> b.tableName(tables.directory()).key(key()).consistentRead(true)).item();
    }

    private static Map<String, AttributeValue> key() {
        return Map.of("pk", AttributeValue.fromS("USER#sub-pk"), "sk", AttributeValue.fromS("PASSKEYS"));
    }
}
