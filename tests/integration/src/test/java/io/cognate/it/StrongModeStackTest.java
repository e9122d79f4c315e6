package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.local.LocalRegion;
import io.cognate.local.dynamo.StrongConsistencyTable;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./cognate local --consistency strong}: the stack runs with the Claims table (the local
 * stand-in for the MRSC table) and every region's functions use it, through the unmodified AWS
 * SDK. Its own stack: the mode is chosen when a stack starts.
 */
class StrongModeStackTest {
    private static LocalCognate stack;
    private static LocalRegion primary;
    private static LocalRegion secondary;
    private static PoolUsers atPrimary;
    private static PoolUsers atSecondary;
    private static StrongConsistencyTable claims;

    @BeforeAll
    static void start() {
        stack = LocalCognate.start(LocalOptions.ephemeral().withStrongConsistency(),
                new PrintStream(OutputStream.nullOutputStream()));
        primary = stack.regions().get(0);
        secondary = stack.regions().get(1);
        atPrimary = new PoolUsers(stack, primary.endpoint(), primary.name());
        atSecondary = new PoolUsers(stack, secondary.endpoint(), secondary.name());
        claims = stack.claimsTable().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theFlagChoosesTheMode() {
        assertThat(LocalOptions.parse("--consistency", "strong").strongConsistency()).isTrue();
        assertThat(LocalOptions.parse("--consistency", "EVENTUAL").strongConsistency()).isFalse();
        assertThat(LocalOptions.parse().strongConsistency()).isFalse();
        assertThatThrownBy(() -> LocalOptions.parse("--consistency", "linearizable"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLeaderRecordsAuthorityIsTheClaimsTable() {
        Map<String, AttributeValue> leader = item("LEADER", "LEADER");
        assertThat(leader.get("activeRegion").s()).isEqualTo(primary.name());
        assertThat(leader.get("epoch").n()).isEqualTo("1");
    }

    @Test
    void aSignUpClaimsItsNameAndTheSameNameIsTakenAtEveryRegion() {
        String username = PoolUsers.newUsername();
        var signedUp = atPrimary.client().signUp(b -> b.clientId(stack.clientId()).username(username)
                .password(PoolUsers.PASSWORD).userAttributes(email(username)));

        Map<String, AttributeValue> claim = item("USERNAME#" + username, "USERNAME");
        assertThat(claim.get("sub").s()).isEqualTo(signedUp.userSub());
        assertThat(claim.get("state").s()).isEqualTo("COMMITTED");
        // Someone else's sign-up of the name (another address, so not a retry of the first), at the
        // secondary (forwarded to the leader) and at the primary: taken.
        for (PoolUsers at : new PoolUsers[] {atSecondary, atPrimary}) {
            assertThatThrownBy(() -> at.client().signUp(b -> b.clientId(stack.clientId()).username(username)
                    .password(PoolUsers.PASSWORD).userAttributes(email("other-" + username))))
                    .isInstanceOf(UsernameExistsException.class);
        }
        assertThat(item("USERNAME#" + username, "USERNAME").get("sub").s()).isEqualTo(signedUp.userSub());
    }

    private static Map<String, AttributeValue> item(String pk, String sk) {
        return claims.clientFor(primary.name()).getItem(b -> b.tableName(claims.name()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }

    private static AttributeType email(String username) {
        return AttributeType.builder().name("email").value(username + "@example.com").build();
    }
}
