package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbMfaSettings;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.mfa.MfaSettings;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.MfaSettingsStore;
import io.cognate.testing.contracts.LeaderStore;
import io.cognate.testing.contracts.MfaSettingsStoreContract;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The MFA settings contract on the Directory and Control tables, on DynamoDB Local through the real SDK client. */
class DynamoDbMfaSettingsContractTest extends MfaSettingsStoreContract {
    private TableNames tables;

    @Override
    protected Storage newStorage() {
        tables = ContractDynamoDb.freshTables();
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        return new Storage(new DynamoDbMfaSettings(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                LeaderStore.of(leaders));
    }

    /**
     * The settings carry the line of writers a profile carries: a leader's first write names the
     * copy it replaced (here the one the previous leader wrote), so a fork of the settings across a
     * split is found after the heal as a profile's is. A copy replicated in between, at the same
     * version by another writer, fails the write rather than being taken for its ancestor.
     */
    @Test
    void settingsWrittenByTwoLeadersInTurnNameTheCopyTheyReplaced() {
        var stamps = new BesideUserStamps(tables, "sub-mia", "MFA");
        LeaderRecord first = stamps.userCreatedIn(REGION);
        Instant now = Instant.now();
        var east = new DynamoDbMfaSettings(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION);
        MfaSettings pending = MfaSettings.none().withPending("sealed-pending", now);
        east.put("sub-mia", pending, 0, first);
        MfaSettings verified = pending.verified(true, now);
        east.put("sub-mia", verified, pending.version(), first);

        LeaderRecord second = stamps.promote(OTHER_REGION);
        var west = new DynamoDbMfaSettings(ContractDynamoDb.client(), tables.directory(), tables.control(), OTHER_REGION);
        MfaSettings read = west.find("sub-mia").orElseThrow();
        west.put("sub-mia", read.withPreference(true, true, now), read.version(), second);
        stamps.assertNamesAncestor(first, REGION, verified.version());

        MfaSettings current = west.find("sub-mia").orElseThrow();
        stamps.replicateAnotherWritersCopy();
        assertThatThrownBy(() -> west.put("sub-mia", current.withPreference(false, false, now), current.version(), second))
                .isInstanceOf(MfaSettingsStore.Conflict.class);
    }
}
