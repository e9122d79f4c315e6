package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbConflictRepairs;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.adapters.aws.StrongClaims;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.local.dynamo.StrongConsistencyTable;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A user whose change won over its delete gets its username back, and in strong mode that is
 * claimed in the Claims table first, the authority for usernames there: the delete released the
 * name in that table too, and a claim written only to the Directory would leave it free for any
 * region's next sign-up. A name another user has taken since is left to them.
 */
class StrongModeConflictRepairsTest {
    private static final String REGION = "us-east-1";
    private static final Instant CREATED = Instant.parse("2026-12-03T08:00:00Z");

    private TableNames tables;
    private StrongClaims claims;
    private DynamoDbUserDirectory directory;
    private DynamoDbConflictRepairs repairs;
    private LeaderRecord fence;

    @BeforeEach
    void strongModeStores() {
        tables = ContractDynamoDb.freshTables();
        String claimsTable = StrongConsistencyTable.create(ContractDynamoDb.sdkClient(),
                "c" + UUID.randomUUID().toString().substring(0, 8) + "-claims").name();
        var leaders = DynamoDbLeaderRecords.forMode(ContractDynamoDb.client(), tables.control(), claimsTable,
                Clock.systemUTC());
        fence = leaders.initialise(new LeaderRecord(REGION, 1));
        claims = StrongClaims.in(ContractDynamoDb.client(), claimsTable, REGION, Clock.systemUTC());
        directory = new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION,
                claims);
        repairs = new DynamoDbConflictRepairs(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION,
                claims);
    }

    @Test
    void aReclaimedUsernameIsClaimedInTheClaimsTableSoNoSignUpTakesIt() {
        User ada = user("sub-ada", "ada");
        directory.create(ada, fence);
        theDeleteReleased(ada);

        assertThat(repairs.reclaimUsername(ada.username(), ada.sub(), fence)).isTrue();

        assertThat(claims.owner(ada.username().key())).contains(ada.sub());
        assertThat(directory.findByUsername(Username.of("ada")).map(User::sub)).contains(ada.sub());
        // A sign-up of the name, from any region, is refused by the Claims table.
        assertThatThrownBy(() -> directory.create(user("sub-eve", "ada"), fence))
                .isInstanceOf(UserDirectory.UsernameTaken.class);
        assertThat(claims.owner(ada.username().key())).contains(ada.sub());
    }

    @Test
    void aNameAnotherUserClaimedSinceStaysTheirs() {
        User ada = user("sub-ada", "ada");
        directory.create(ada, fence);
        theDeleteReleased(ada);
        assertThat(claims.claim(ada.username().key(), "sub-bob", sub -> true)).isTrue();

        assertThat(repairs.reclaimUsername(ada.username(), ada.sub(), fence)).isFalse();

        assertThat(claims.owner(ada.username().key())).contains("sub-bob");
        var directoryClaim = ContractDynamoDb.client().getItem(b -> b.tableName(tables.directory()).consistentRead(true)
                .key(usernameClaimKey(ada.username())));
        assertThat(directoryClaim.hasItem()).as("no Directory claim written for a name the Claims table gives bob")
                .isFalse();
    }

    /** What the user's delete removed of its name: the Claims table's claim and the Directory's. */
    private void theDeleteReleased(User user) {
        claims.release(user.username().key(), user.sub());
        ContractDynamoDb.client().deleteItem(b -> b.tableName(tables.directory()).key(usernameClaimKey(user.username())));
        assertThat(claims.owner(user.username().key())).isEmpty();
    }

    private static Map<String, AttributeValue> usernameClaimKey(Username name) {
        return Map.of("pk", AttributeValue.fromS("USERNAME#" + name.key()), "sk", AttributeValue.fromS("USERNAME"));
    }

    private static User user(String sub, String username) {
        return new User(sub, Username.of(username), UserStatus.CONFIRMED, true, Map.of("email", username + "@example.com"),
                "hash-of-" + sub, Optional.empty(), CREATED, CREATED);
    }
}
