package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbGroupDirectory;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.groups.Group;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.ports.UserDirectory;
import io.cognate.testing.contracts.Race;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * Groups through the AWS SDK's Cognito client: made at the primary, claimed by the tokens both
 * regions issue (read with jose4j, a JWT library that shares no code with the issuer), a removal
 * seen at the next refresh; and the attacks on them: memberships of nothing and of nobody, a
 * second group of one name, a forged page token, a write at the secondary, racing adds and removes.
 */
@ExtendWith(GroupsTwoRegionTest.Stack.class)
class GroupsTwoRegionTest {
    private static final String ADMIN_ROLE = "arn:aws:iam::123456789012:role/cognate-test-admins";
    private static final String READER_ROLE = "arn:aws:iam::123456789012:role/cognate-test-readers";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    private static LocalRegion secondary() {
        return stack.regions().stream().filter(region -> region != stack.primary()).findFirst().orElseThrow();
    }

    private static CognitoIdentityProviderClient admin(LocalRegion region) {
        return PoolUsers.adminClient(stack, region.endpoint(), region.name());
    }

    /** Group names of one test: the stack, and its pool, are shared by every test class. */
    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void tokensOfBothRegionsClaimTheGroupsMadeAtThePrimaryAndARefreshShowsARemoval() throws Exception {
        String pool = stack.userPoolId();
        String admins = unique("admins");
        String readers = unique("readers");
        String beta = unique("beta");
        String username = Accounts.confirmedUser(stack);
        try (var primary = admin(stack.primary())) {
            GroupType created = primary.createGroup(b -> b.userPoolId(pool).groupName(admins).precedence(1)
                    .roleArn(ADMIN_ROLE).description("run the shop")).group();
            assertThat(created.groupName()).isEqualTo(admins);
            assertThat(created.userPoolId()).isEqualTo(pool);
            assertThat(created.precedence()).isEqualTo(1);
            assertThat(created.roleArn()).isEqualTo(ADMIN_ROLE);
            assertThat(created.creationDate()).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
            primary.createGroup(b -> b.userPoolId(pool).groupName(readers).precedence(5).roleArn(READER_ROLE));
            primary.createGroup(b -> b.userPoolId(pool).groupName(beta));
            for (String group : List.of(beta, readers, admins)) {
                primary.adminAddUserToGroup(b -> b.userPoolId(pool).username(username).groupName(group));
            }

            assertThat(primary.getGroup(b -> b.userPoolId(pool).groupName(admins)).group()).isEqualTo(created);
            assertThat(primary.adminListGroupsForUser(b -> b.userPoolId(pool).username(username)).groups())
                    .extracting(GroupType::groupName).containsExactlyInAnyOrder(admins, readers, beta);
            List<UserType> members = primary.listUsersInGroup(b -> b.userPoolId(pool).groupName(readers)).users();
            assertThat(members).hasSize(1);
            UserType member = members.getFirst();
            assertThat(member.username()).isEqualTo(username);
            assertThat(member.enabled()).isTrue();
            assertThat(member.userStatus()).isEqualTo(UserStatusType.CONFIRMED);
            assertThat(member.attributes()).extracting(AttributeType::name).contains("sub", "email");
            assertThat(member.userCreateDate()).isNotNull();
            assertThat(member.userLastModifiedDate()).isNotNull();
        }
        Accounts.awaitReplicated(stack);

        List<AuthenticationResultType> signedIn = stack.regions().stream()
                .map(region -> Accounts.signIn(stack, region, username)).toList();
        for (AuthenticationResultType tokens : signedIn) {
            JwtClaims id = consumer(stack.clientId()).processToClaims(tokens.idToken());
            assertThat(id.getStringListClaimValue("cognito:groups")).containsExactly(admins, readers, beta);
            assertThat(id.getStringListClaimValue("cognito:roles")).containsExactly(ADMIN_ROLE, READER_ROLE);
            assertThat(id.getStringClaimValue("cognito:preferred_role")).isEqualTo(ADMIN_ROLE);
            JwtClaims access = consumer(null).processToClaims(tokens.accessToken());
            assertThat(access.getStringListClaimValue("cognito:groups")).containsExactly(admins, readers, beta);
            assertThat(access.hasClaim("cognito:roles")).isFalse();
        }

        try (var primary = admin(stack.primary())) {
            primary.adminRemoveUserFromGroup(b -> b.userPoolId(pool).username(username).groupName(admins));
            primary.deleteGroup(b -> b.userPoolId(pool).groupName(beta));
        }
        Accounts.awaitReplicated(stack);
        for (int i = 0; i < signedIn.size(); i++) {
            LocalRegion region = stack.regions().get(i);
            String refreshToken = signedIn.get(i).refreshToken();
            try (var client = TwoRegionStoryTest.cognito(region)) {
                AuthenticationResultType refreshed = client.initiateAuth(b -> b.clientId(stack.clientId())
                        .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                        .authParameters(Map.of("REFRESH_TOKEN", refreshToken))).authenticationResult();
                JwtClaims id = consumer(stack.clientId()).processToClaims(refreshed.idToken());
                assertThat(id.getStringListClaimValue("cognito:groups")).as(region.name()).containsExactly(readers);
                assertThat(id.getStringClaimValue("cognito:preferred_role")).isEqualTo(READER_ROLE);
            }
        }
    }

    @Test
    void aUserWhoDeletesItselfLeavesItsGroups() {
        String pool = stack.userPoolId();
        String group = unique("leavers");
        String username = Accounts.confirmedUser(stack);
        try (var primary = admin(stack.primary()); var user = TwoRegionStoryTest.cognito(stack.primary())) {
            primary.createGroup(b -> b.userPoolId(pool).groupName(group));
            primary.adminAddUserToGroup(b -> b.userPoolId(pool).username(username).groupName(group));
            String accessToken = Accounts.signIn(user, stack.clientId(), username).accessToken();

            user.deleteUser(b -> b.accessToken(accessToken));

            assertThat(primary.listUsersInGroup(b -> b.userPoolId(pool).groupName(group)).users()).isEmpty();
            assertThatThrownBy(() -> primary.adminListGroupsForUser(b -> b.userPoolId(pool).username(username)))
                    .isInstanceOf(UserNotFoundException.class);
            var config = stack.primary().services().config();
            long left = stack.primary().dynamoClient().query(b -> b.tableName(config.directoryTable())
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", software.amazon.awssdk.services.dynamodb.model
                            .AttributeValue.fromS("GROUP#" + group)))).count();
            assertThat(left).as("the group's side of the membership went too").isZero();
        }
    }

    @Test
    void aUserInNoGroupIsClaimedToBeInNone() throws Exception {
        String username = Accounts.confirmedUser(stack);
        AuthenticationResultType tokens = Accounts.signIn(stack, secondary(), username);

        JwtClaims id = consumer(stack.clientId()).processToClaims(tokens.idToken());
        assertThat(id.hasClaim("cognito:groups")).isFalse();
        assertThat(id.hasClaim("cognito:roles")).isFalse();
        assertThat(id.hasClaim("cognito:preferred_role")).isFalse();
        assertThat(consumer(null).processToClaims(tokens.accessToken()).hasClaim("cognito:groups")).isFalse();
    }

    @Test
    void membershipsOfNothingOrNobodyASecondGroupOfOneNameAndForgedPagesAreRefused() {
        String pool = stack.userPoolId();
        String group = unique("staff");
        String username = Accounts.confirmedUser(stack);
        try (var primary = admin(stack.primary())) {
            primary.createGroup(b -> b.userPoolId(pool).groupName(group).precedence(3));

            assertThatThrownBy(() -> primary.adminAddUserToGroup(b -> b.userPoolId(pool).username(username)
                    .groupName(unique("ghosts")))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> primary.adminAddUserToGroup(b -> b.userPoolId(pool).username("nobody-" + group)
                    .groupName(group))).isInstanceOf(UserNotFoundException.class);
            assertThatThrownBy(() -> primary.createGroup(b -> b.userPoolId(pool).groupName(group).precedence(0)
                    .roleArn(ADMIN_ROLE))).isInstanceOf(GroupExistsException.class);
            assertThat(primary.getGroup(b -> b.userPoolId(pool).groupName(group)).group().precedence()).isEqualTo(3);
            assertThatThrownBy(() -> primary.createGroup(b -> b.userPoolId(pool).groupName(unique("bad-role"))
                    .roleArn("arn:aws:iam::123456789012:user/mallory"))).isInstanceOf(InvalidParameterException.class);
            assertThatThrownBy(() -> primary.getGroup(b -> b.userPoolId("us-east-1_Elsewhere").groupName(group)))
                    .isInstanceOf(ResourceNotFoundException.class);
            for (String forged : List.of("////", "bm9wZQ==x", "_w", "AAAA".repeat(200))) {
                assertThatThrownBy(() -> primary.listGroups(b -> b.userPoolId(pool).limit(1).nextToken(forged)))
                        .as(forged).isInstanceOf(InvalidParameterException.class);
                assertThatThrownBy(() -> primary.listUsersInGroup(b -> b.userPoolId(pool).groupName(group)
                        .nextToken(forged))).as(forged).isInstanceOf(InvalidParameterException.class);
            }
            assertThat(primary.listUsersInGroup(b -> b.userPoolId(pool).groupName(group)).users()).isEmpty();
            assertThat(primary.adminListGroupsForUser(b -> b.userPoolId(pool).username(username)).groups()).isEmpty();
        }
    }

    @Test
    void theSecondaryRefusesGroupWritesAndItsStoreIsFencedEvenWhenItBelievesItLeads() {
        String pool = stack.userPoolId();
        String group = unique("secondary");
        String username = Accounts.confirmedUser(stack);
        try (var primary = admin(stack.primary()); var secondary = admin(secondary())) {
            primary.createGroup(b -> b.userPoolId(pool).groupName(group));
            Accounts.awaitReplicated(stack);

            assertThatThrownBy(() -> secondary.createGroup(b -> b.userPoolId(pool).groupName(unique("new"))))
                    .isInstanceOf(OperationNotEnabledException.class);
            assertThatThrownBy(() -> secondary.adminAddUserToGroup(b -> b.userPoolId(pool).username(username)
                    .groupName(group))).isInstanceOf(OperationNotEnabledException.class);
            assertThatThrownBy(() -> secondary.deleteGroup(b -> b.userPoolId(pool).groupName(group)))
                    .isInstanceOf(OperationNotEnabledException.class);
            assertThat(secondary.getGroup(b -> b.userPoolId(pool).groupName(group)).group().groupName())
                    .as("reads are served").isEqualTo(group);

            // A secondary that took itself for the leader (a stale or forged record): its own
            // region's copy of the leader record, checked in the write's transaction, says no.
            var config = secondary().services().config();
            var store = new DynamoDbGroupDirectory(secondary().dynamoClient(), config.directoryTable(),
                    config.controlTable(), secondary().name());
            Group existing = store.find(group).orElseThrow();
            String sub = secondary().services().directory()
                    .findByUsername(io.cognate.domain.Username.of(username)).orElseThrow().sub();
            long epoch = secondary().epoch().orElseThrow();
            for (LeaderRecord believed : List.of(new LeaderRecord(secondary().name(), epoch),
                    new LeaderRecord(secondary().name(), epoch + 1))) {
                assertThatThrownBy(() -> store.addMember(existing, sub, believed))
                        .isInstanceOf(UserDirectory.FencedOut.class);
                assertThatThrownBy(() -> store.delete(existing, believed)).isInstanceOf(UserDirectory.FencedOut.class);
            }
            Accounts.awaitReplicated(stack);
            assertThat(primary.listUsersInGroup(b -> b.userPoolId(pool).groupName(group)).users()).isEmpty();
            assertThat(primary.getGroup(b -> b.userPoolId(pool).groupName(group)).group().groupName()).isEqualTo(group);
        }
    }

    @Test
    void addsAndRemovesRacingEachOtherLeaveAWholeMembershipOrNone() throws Exception {
        String pool = stack.userPoolId();
        String group = unique("racers");
        String username = Accounts.confirmedUser(stack);
        try (var primary = admin(stack.primary())) {
            primary.createGroup(b -> b.userPoolId(pool).groupName(group));
            for (int round = 0; round < 3; round++) {
                Race.run(6, i -> () -> {
                    if (i % 2 == 0) {
                        primary.adminAddUserToGroup(b -> b.userPoolId(pool).username(username).groupName(group));
                    } else {
                        primary.adminRemoveUserFromGroup(b -> b.userPoolId(pool).username(username).groupName(group));
                    }
                    return true;
                });
                boolean inUserList = primary.adminListGroupsForUser(b -> b.userPoolId(pool).username(username))
                        .groups().stream().anyMatch(g -> g.groupName().equals(group));
                boolean inGroupList = primary.listUsersInGroup(b -> b.userPoolId(pool).groupName(group)).users()
                        .stream().anyMatch(u -> u.username().equals(username));
                assertThat(inGroupList).as("round %d: both halves or neither", round).isEqualTo(inUserList);
                List<String> claimed = Optional.ofNullable(consumer(null).processToClaims(
                        Accounts.signIn(stack, stack.primary(), username).accessToken())
                        .getStringListClaimValue("cognito:groups")).orElse(List.of());
                assertThat(claimed.contains(group)).isEqualTo(inUserList);
            }
        }
    }

    private static JwtConsumer consumer(String audience) throws Exception {
        String jwks = HTTP.send(HttpRequest.newBuilder(stack.primary().endpoint().resolve("/.well-known/jwks.json"))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        var builder = new JwtConsumerBuilder()
                .setExpectedIssuer(stack.issuer())
                .setRequireExpirationTime()
                .setRequireSubject()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()));
        return audience == null ? builder.setSkipDefaultAudienceValidation().build()
                : builder.setExpectedAudience(audience).build();
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration duration) {
        return org.assertj.core.api.Assertions.within(duration.toSeconds(), java.time.temporal.ChronoUnit.SECONDS);
    }
}
