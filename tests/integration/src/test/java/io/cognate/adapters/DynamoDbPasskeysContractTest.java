package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbPasskeys;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.passkeys.PasskeyCredential;
import io.cognate.domain.passkeys.PasskeyCredentials;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.PasskeyStore;
import io.cognate.testing.contracts.LeaderStore;
import io.cognate.testing.contracts.PasskeyStoreContract;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
        var stamps = new BesideUserStamps(tables, "sub-pk", "PASSKEYS");
        LeaderRecord first = stamps.userCreatedIn(REGION);
        Instant now = Instant.now();
        var east = new DynamoDbPasskeys(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION);
        PasskeyCredentials one = PasskeyCredentials.none().with(credential("cred-1", now), now);
        east.put("sub-pk", one, 0, Optional.empty(), first);

        LeaderRecord second = stamps.promote(OTHER_REGION);
        var west = new DynamoDbPasskeys(ContractDynamoDb.client(), tables.directory(), tables.control(), OTHER_REGION);
        PasskeyCredentials read = west.find("sub-pk").orElseThrow();
        west.put("sub-pk", read.with(credential("cred-2", now), now), read.version(), Optional.empty(), second);
        stamps.assertNamesAncestor(first, REGION, one.version());

        PasskeyCredentials current = west.find("sub-pk").orElseThrow();
        stamps.replicateAnotherWritersCopy();
        assertThatThrownBy(() -> west.put("sub-pk", current.without("cred-1", now), current.version(), Optional.empty(),
                second)).isInstanceOf(PasskeyStore.Conflict.class);
    }

    private static PasskeyCredential credential(String id, Instant at) {
        return new PasskeyCredential(id, "key-" + id, 0, "none", List.of(), Optional.empty(), "Passkey " + id,
                "auth.example.com", at);
    }
}
