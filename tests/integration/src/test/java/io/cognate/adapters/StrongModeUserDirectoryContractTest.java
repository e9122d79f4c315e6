package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.adapters.aws.StrongClaims;
import io.cognate.local.dynamo.StrongConsistencyTable;
import io.cognate.local.dynamo.TableNames;
import io.cognate.testing.contracts.LeaderStore;
import io.cognate.testing.contracts.UserDirectoryContract;
import java.time.Clock;
import java.util.UUID;

/**
 * The Directory contract in strong mode: usernames claimed in the Claims table first, the leader
 * record's authority there too and mirrored into the Control copy the fence checks. The same
 * contract the eventual-mode store passes, so a deployment's choice changes no answer.
 */
class StrongModeUserDirectoryContractTest extends UserDirectoryContract {

    @Override
    protected Storage newStorage() {
        TableNames tables = ContractDynamoDb.freshTables();
        var claims = StrongConsistencyTable.create(ContractDynamoDb.sdkClient(),
                "c" + UUID.randomUUID().toString().substring(0, 8) + "-claims");
        var leaders = DynamoDbLeaderRecords.forMode(ContractDynamoDb.client(), tables.control(), claims.name(),
                Clock.systemUTC());
        var directory = new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION,
                StrongClaims.in(ContractDynamoDb.client(), claims.name(), REGION, Clock.systemUTC()));
        return new Storage(directory, LeaderStore.of(leaders));
    }
}
