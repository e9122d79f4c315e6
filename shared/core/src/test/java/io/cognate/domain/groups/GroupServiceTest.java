package io.cognate.domain.groups;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.cognate.domain.User;
import io.cognate.domain.sessions.SessionService.ClientProof;
import io.cognate.domain.tokens.IssuedTokens;
import io.cognate.testing.InMemoryRegion;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cognito's group operations and what they put in tokens, on in-memory stores. */
class GroupServiceTest {
    private static final String POOL = InMemoryRegion.USER_POOL_ID;
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String ADMIN_ROLE = "arn:aws:iam::123456789012:role/cognate-admins";
    private static final String READER_ROLE = "arn:aws:iam::123456789012:role/cognate-readers";

    private InMemoryRegion region;
    private GroupService groups;
    private User alice;

    @BeforeEach
    void poolWithAlice() {
        region = InMemoryRegion.create();
        groups = region.groupService();
        alice = region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
    }

    @Test
    void aGroupIsCreatedReadUpdatedAndDeleted() {
        Group created = groups.create(POOL, "admins", Optional.of("runs it"), Optional.of(1), Optional.of(ADMIN_ROLE));
        assertThat(created.createdAt()).isEqualTo(InMemoryRegion.START);
        assertThat(groups.get(POOL, "admins")).isEqualTo(created);

        region.clock().advance(Duration.ofMinutes(1));
        Group updated = groups.update(POOL, "admins", Optional.empty(), Optional.of(0), Optional.empty());
        assertThat(updated.description()).as("what is not given stays").contains("runs it");
        assertThat(updated.roleArn()).contains(ADMIN_ROLE);
        assertThat(updated.precedence()).contains(0);
        assertThat(updated.lastModifiedAt()).isEqualTo(InMemoryRegion.START.plus(Duration.ofMinutes(1)));
        assertThat(groups.get(POOL, "admins")).isEqualTo(updated);

        groups.delete(POOL, "admins");
        assertRefused(() -> groups.get(POOL, "admins"), "ResourceNotFoundException");
        assertRefused(() -> groups.delete(POOL, "admins"), "ResourceNotFoundException");
        assertRefused(() -> groups.update(POOL, "admins", Optional.of("x"), Optional.empty(), Optional.empty()),
                "ResourceNotFoundException");
    }

    @Test
    void aDuplicateNameIsGroupExistsAndChangesNothing() {
        Group first = groups.create(POOL, "admins", Optional.empty(), Optional.of(1), Optional.empty());

        assertRefused(() -> groups.create(POOL, "admins", Optional.of("impostor"), Optional.of(0),
                Optional.of(ADMIN_ROLE)), "GroupExistsException");
        assertThat(groups.get(POOL, "admins")).isEqualTo(first);
    }

    @Test
    void badValuesAreInvalidParameterAndAnotherPoolIsResourceNotFound() {
        assertRefused(() -> groups.create(POOL, "admins", Optional.empty(), Optional.of(-1), Optional.empty()),
                "InvalidParameterException");
        for (String notARole : List.of("arn:aws:iam::123456789012:user/alice", "arn:aws:s3:::bucket",
                "arn:aws:iam::12345:role/short-account", "arn:aws:iam:us-east-1:123456789012:role/regional", "admins")) {
            assertRefused(() -> groups.create(POOL, "g", Optional.empty(), Optional.empty(), Optional.of(notARole)),
                    "InvalidParameterException");
        }
        assertRefused(() -> groups.create(POOL, "has space", Optional.empty(), Optional.empty(), Optional.empty()),
                "InvalidParameterException");
        assertRefused(() -> groups.create(POOL, "x".repeat(129), Optional.empty(), Optional.empty(), Optional.empty()),
                "InvalidParameterException");
        assertThat(groups.list(POOL, null, null).items()).isEmpty();
        groups.create(POOL, "admins", Optional.empty(), Optional.empty(), Optional.of("arn:aws-cn:iam::123456789012:role/a/b"));

        String other = "us-east-1_Other";
        assertRefused(() -> groups.create(other, "x", Optional.empty(), Optional.empty(), Optional.empty()),
                "ResourceNotFoundException");
        assertRefused(() -> groups.get(other, "admins"), "ResourceNotFoundException");
        assertRefused(() -> groups.list(other, null, null), "ResourceNotFoundException");
        assertRefused(() -> groups.addUser(other, "alice", "admins"), "ResourceNotFoundException");
        assertRefused(() -> groups.usersInGroup(other, "admins", null, null), "ResourceNotFoundException");
        assertThat(groups.usersInGroup(POOL, "admins", null, null).items()).isEmpty();
    }

    @Test
    void listsComeInPagesAndForgedTokensAreInvalidParameter() {
        for (int i = 0; i < 5; i++) {
            groups.create(POOL, "g" + i, Optional.empty(), Optional.empty(), Optional.empty());
        }
        List<String> names = new ArrayList<>();
        String next = null;
        do {
            var page = groups.list(POOL, 2, next);
            page.items().forEach(group -> names.add(group.name()));
            next = page.nextToken().orElse(null);
        } while (next != null);
        assertThat(names).containsExactly("g0", "g1", "g2", "g3", "g4");

        for (String forged : List.of("%%%", "not base64!", Base64.getUrlEncoder().encodeToString(new byte[]{(byte) 0xC3}),
                Base64.getUrlEncoder().encodeToString("x".repeat(500).getBytes()), "", "AA")) {
            assertRefused(() -> groups.list(POOL, 2, forged), "InvalidParameterException");
            assertRefused(() -> groups.groupsForUser(POOL, "alice", 2, forged), "InvalidParameterException");
            assertRefused(() -> groups.usersInGroup(POOL, "g0", 2, forged), "InvalidParameterException");
        }
        assertRefused(() -> groups.list(POOL, 61, null), "InvalidParameterException");
        assertThat(groups.list(POOL, 0, null).items()).hasSize(5);
    }

    @Test
    void membershipsNeedTheUserAndTheGroup() {
        groups.create(POOL, "admins", Optional.empty(), Optional.empty(), Optional.empty());

        assertRefused(() -> groups.addUser(POOL, "nobody", "admins"), "UserNotFoundException");
        assertRefused(() -> groups.addUser(POOL, "alice", "ghosts"), "ResourceNotFoundException");
        assertRefused(() -> groups.removeUser(POOL, "nobody", "admins"), "UserNotFoundException");
        assertRefused(() -> groups.removeUser(POOL, "alice", "ghosts"), "ResourceNotFoundException");
        assertRefused(() -> groups.groupsForUser(POOL, "nobody", null, null), "UserNotFoundException");
        assertRefused(() -> groups.usersInGroup(POOL, "ghosts", null, null), "ResourceNotFoundException");

        groups.addUser(POOL, "ALICE", "admins");
        assertThat(groups.groupsForUser(POOL, "alice", null, null).items()).extracting(Group::name)
                .containsExactly("admins");
        assertThat(groups.usersInGroup(POOL, "admins", null, null).items()).containsExactly(alice);
        groups.removeUser(POOL, "alice", "admins");
        groups.removeUser(POOL, "alice", "admins");
        assertThat(groups.usersInGroup(POOL, "admins", null, null).items()).isEmpty();
    }

    @Test
    void writesAtAReplicaAreRefusedAndWriteNothing() {
        groups.create(POOL, "admins", Optional.empty(), Optional.empty(), Optional.empty());
        region.handLeadershipTo("eu-west-1");

        assertRefused(() -> groups.create(POOL, "new", Optional.empty(), Optional.empty(), Optional.empty()),
                "OperationNotEnabledException");
        assertRefused(() -> groups.addUser(POOL, "alice", "admins"), "OperationNotEnabledException");
        assertRefused(() -> groups.update(POOL, "admins", Optional.of("x"), Optional.empty(), Optional.empty()),
                "OperationNotEnabledException");
        assertRefused(() -> groups.delete(POOL, "admins"), "OperationNotEnabledException");
        assertThat(groups.list(POOL, null, null).items()).extracting(Group::name).containsExactly("admins");
        assertThat(groups.groupsForUser(POOL, "alice", null, null).items()).isEmpty();
    }

    @Test
    void tokensOfEveryIssueClaimTheGroupsOfThatMoment() throws ParseException {
        IssuedTokens outsider = region.signIn("alice", PASSWORD);
        assertThat(claims(outsider.idToken()).getClaims()).doesNotContainKeys("cognito:groups", "cognito:roles",
                "cognito:preferred_role");
        assertThat(claims(outsider.accessToken()).getClaims()).doesNotContainKey("cognito:groups");

        groups.create(POOL, "readers", Optional.empty(), Optional.of(10), Optional.of(READER_ROLE));
        groups.create(POOL, "admins", Optional.empty(), Optional.of(1), Optional.of(ADMIN_ROLE));
        groups.create(POOL, "beta", Optional.empty(), Optional.empty(), Optional.empty());
        groups.addUser(POOL, "alice", "readers");
        groups.addUser(POOL, "alice", "admins");
        groups.addUser(POOL, "alice", "beta");

        IssuedTokens member = region.signIn("alice", PASSWORD);
        JWTClaimsSet id = claims(member.idToken());
        assertThat(id.getStringListClaim("cognito:groups")).containsExactly("admins", "readers", "beta");
        assertThat(id.getStringListClaim("cognito:roles")).containsExactly(ADMIN_ROLE, READER_ROLE);
        assertThat(id.getStringClaim("cognito:preferred_role")).isEqualTo(ADMIN_ROLE);
        JWTClaimsSet access = claims(member.accessToken());
        assertThat(access.getStringListClaim("cognito:groups")).containsExactly("admins", "readers", "beta");
        assertThat(access.getClaims()).doesNotContainKeys("cognito:roles", "cognito:preferred_role");

        groups.removeUser(POOL, "alice", "admins");
        groups.delete(POOL, "beta");
        IssuedTokens refreshed = region.sessionService().refresh(InMemoryRegion.CLIENT_ID,
                member.refreshToken().orElseThrow(), ClientProof.secretHash(null));
        JWTClaimsSet after = claims(refreshed.idToken());
        assertThat(after.getStringListClaim("cognito:groups")).containsExactly("readers");
        assertThat(after.getStringClaim("cognito:preferred_role")).isEqualTo(READER_ROLE);

        groups.create(POOL, "beta", Optional.empty(), Optional.of(0), Optional.empty());
        assertThat(claims(region.signIn("alice", PASSWORD).accessToken()).getStringListClaim("cognito:groups"))
                .as("a group made again under a deleted one's name has none of its members").containsExactly("readers");
    }

    @Test
    void aDeletedUserLeavesNoMembershipBehind() {
        groups.create(POOL, "admins", Optional.empty(), Optional.empty(), Optional.empty());
        groups.addUser(POOL, "alice", "admins");

        region.inMemoryDirectory().delete(region.user("alice"), region.leader());

        assertThat(groups.usersInGroup(POOL, "admins", null, null).items()).isEmpty();
        assertThat(region.groups().groupsOf(alice.sub())).isEmpty();
    }

    private static JWTClaimsSet claims(String token) throws ParseException {
        return SignedJWT.parse(token).getJWTClaimsSet();
    }
}
