package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.local.LocalCognate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * ListUsers through the AWS SDK's Cognito client at both regions: each kind of filter, pages
 * followed to the end, {@code AttributesToGet}; and forged pagination tokens and filter
 * injection attempts answered as bad input, never as a wider listing or a 500.
 */
@ExtendWith(ListUsersTest.Stack.class)
class ListUsersTest {
    private static LocalCognate stack;
    private static CognitoIdentityProviderClient admin;
    private static String poolId;
    /** A prefix only this run's users have, so that other test classes' users do not count. */
    private static String prefix;
    private static List<String> usernames;
    private static String unconfirmed;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @BeforeAll
    static void users() {
        admin = PoolUsers.adminClient(stack, stack.primary().endpoint(), stack.primary().name());
        poolId = stack.userPoolId();
        prefix = "lu" + UUID.randomUUID().toString().substring(0, 6) + "-";
        usernames = IntStream.range(0, 5).mapToObj(i -> prefix + i).toList();
        try (var users = new PoolUsers(stack, stack.primary().endpoint(), stack.primary().name())) {
            for (String username : usernames) {
                users.client().signUp(b -> b.clientId(stack.clientId()).username(username).password(PoolUsers.PASSWORD)
                        .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build(),
                                AttributeType.builder().name("given_name").value("Given " + username).build()));
                users.confirm(username);
            }
            unconfirmed = prefix + "pending";
            users.signUp(unconfirmed, PoolUsers.PASSWORD);
        }
        Accounts.awaitReplicated(stack);
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    private static List<UserType> listAll(CognitoIdentityProviderClient client, String filter, int limit) {
        List<UserType> all = new ArrayList<>();
        String token = null;
        for (int pages = 0; pages < 10_000; pages++) {
            String next = token;
            var page = client.listUsers(b -> b.userPoolId(poolId).filter(filter).limit(limit).paginationToken(next));
            assertThat(page.users().size()).isLessThanOrEqualTo(limit);
            all.addAll(page.users());
            token = page.paginationToken();
            if (token == null) {
                return all;
            }
        }
        throw new AssertionError("the listing did not end");
    }

    private static List<String> names(List<UserType> users) {
        return users.stream().map(UserType::username).toList();
    }

    private static String attribute(UserType user, String name) {
        return user.attributes().stream().filter(a -> a.name().equals(name)).findFirst().map(AttributeType::value).orElse(null);
    }

    @Test
    void eachFilterKindAtBothRegions() {
        for (var region : stack.regions()) {
            try (var client = PoolUsers.adminClient(stack, region.endpoint(), region.name())) {
                List<UserType> ours = listAll(client, "username ^= \"" + prefix + "\"", 60);
                assertThat(names(ours)).as(region.name()).containsExactlyInAnyOrderElementsOf(
                        java.util.stream.Stream.concat(usernames.stream(), java.util.stream.Stream.of(unconfirmed)).toList());
                UserType first = ours.stream().filter(u -> u.username().equals(usernames.get(0))).findFirst().orElseThrow();
                assertThat(first.enabled()).isTrue();
                assertThat(first.userStatus()).isEqualTo(UserStatusType.CONFIRMED);
                assertThat(first.userCreateDate()).isNotNull();
                assertThat(first.userLastModifiedDate()).isNotNull();
                assertThat(first.attributes().getFirst().name()).isEqualTo("sub");
                String sub = attribute(first, "sub");

                assertThat(names(listAll(client, "username = \"" + usernames.get(1) + "\"", 60))).containsExactly(usernames.get(1));
                assertThat(names(listAll(client, "username = \"" + usernames.get(1).toUpperCase() + "\"", 60)))
                        .as("username is case-sensitive").isEmpty();
                assertThat(names(listAll(client, "email = \"" + usernames.get(2) + "@example.com\"", 60)))
                        .containsExactly(usernames.get(2));
                assertThat(names(listAll(client, "email ^= \"" + prefix + "\"", 60))).hasSize(usernames.size() + 1);
                assertThat(names(listAll(client, "given_name ^= \"Given " + prefix + "\"", 60)))
                        .containsExactlyInAnyOrderElementsOf(usernames);
                assertThat(names(listAll(client, "sub = \"" + sub + "\"", 60))).containsExactly(usernames.get(0));
                assertThat(names(listAll(client, "cognito:user_status = \"unconfirmed\"", 60)))
                        .as("case-insensitive").contains(unconfirmed).doesNotContainAnyElementsOf(usernames);
                assertThat(names(listAll(client, "cognito:user_status ^= \"CONF\"", 60)))
                        .containsAll(usernames).doesNotContain(unconfirmed);
                assertThat(names(listAll(client, "status = \"Enabled\"", 60))).containsAll(usernames);
                assertThat(names(listAll(client, "status = \"Disabled\"", 60))).doesNotContainAnyElementsOf(usernames);
                assertThat(names(listAll(client, "name = \"" + prefix + "nobody\"", 60))).isEmpty();
                assertThat(names(listAll(client, "family_name ^= \"" + prefix + "\"", 60))).isEmpty();
                assertThat(names(listAll(client, "phone_number = \"+15550100" + prefix + "\"", 60))).isEmpty();
                assertThat(names(listAll(client, "preferred_username = \"" + prefix + "\"", 60))).isEmpty();
            }
        }
    }

    @Test
    void pagesAreFollowedToTheEndWithEveryUserOnce() {
        int pages = 0;
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = admin.listUsers(b -> b.userPoolId(poolId).filter("username ^= \"" + prefix + "\"").limit(2)
                    .paginationToken(next));
            assertThat(page.users().size()).isLessThanOrEqualTo(2);
            seen.addAll(names(page.users()));
            token = page.paginationToken();
            pages++;
        } while (token != null && pages < 10_000);
        assertThat(pages).as("several pages").isGreaterThanOrEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().hasSize(usernames.size() + 1);

        List<UserType> everyone = listAll(admin, null, 60);
        assertThat(names(everyone)).doesNotHaveDuplicates().containsAll(usernames).contains(unconfirmed);
    }

    @Test
    void attributesToGetNamesWhatEachUserShows() {
        var page = admin.listUsers(b -> b.userPoolId(poolId).filter("username = \"" + usernames.get(3) + "\"")
                .attributesToGet("email"));
        assertThat(page.users()).hasSize(1);
        assertThat(page.users().getFirst().attributes()).extracting(AttributeType::name).containsExactly("email");
    }

    @Test
    void forgedPaginationTokensAreBadInputNotAnError() {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        List<String> forged = List.of("garbage!", "AAAA", "x".repeat(5000),
                encoder.encodeToString("1\n".getBytes(StandardCharsets.UTF_8)),
                encoder.encodeToString("2\nVVNFUiNh.UFJPRklMRQ".getBytes(StandardCharsets.UTF_8)),
                encoder.encodeToString("1\nnot-a-position".getBytes(StandardCharsets.UTF_8)),
                encoder.encodeToString("1\n%%%.%%%".getBytes(StandardCharsets.UTF_8)),
                encoder.encodeToString(new byte[] {'1', '\n', (byte) 0xff, (byte) 0xfe}));
        for (String token : forged) {
            assertThatThrownBy(() -> admin.listUsers(b -> b.userPoolId(poolId).paginationToken(token)))
                    .as(token).isInstanceOf(InvalidParameterException.class);
        }
        // A token from ListUserPoolClients is no ListUsers position.
        String clientsToken = admin.listUserPoolClients(b -> b.userPoolId(poolId).maxResults(1)).nextToken();
        if (clientsToken != null) {
            assertThatThrownBy(() -> admin.listUsers(b -> b.userPoolId(poolId).paginationToken(clientsToken)))
                    .isInstanceOf(InvalidParameterException.class);
        }
    }

    @Test
    void filterInjectionAttemptsAreRefusedOrMatchLiterally() {
        String victim = usernames.get(4);
        List<String> refused = List.of(
                "username = \"" + victim + "\" OR username ^= \"\"",
                "username = \"" + victim + "\" AND email ^= \"\"",
                "username = " + victim,
                "username = \"" + victim,
                "username == \"" + victim + "\"",
                "username ~= \"" + victim + "\"",
                "custom:tier = \"gold\"",
                "passwordHash ^= \"$argon2\"",
                "attributes.email = \"x\"",
                "Username = \"" + victim + "\"",
                "username = \"a\\x\"",
                "\"username\" = \"" + victim + "\"",
                "username = \"x\" \"y\"");
        for (String filter : refused) {
            assertThatThrownBy(() -> admin.listUsers(b -> b.userPoolId(poolId).filter(filter)))
                    .as(filter).isInstanceOf(InvalidParameterException.class);
        }
        assertThatThrownBy(() -> admin.listUsers(b -> b.userPoolId(poolId).filter("custom:tier = \"gold\"")))
                .hasMessageContaining("Invalid search attribute: custom:tier");
        // Quotes escaped in the value are part of the value: no second condition.
        for (String literal : List.of("username = \"" + victim + "\\\" OR \\\"1\\\"=\\\"1\"",
                "username ^= \"\\\\\"", "email = \"' OR '1'='1\"", "email ^= \") OR begins_with(pk, \"")) {
            assertThat(listAll(admin, literal, 60)).as(literal).isEmpty();
        }
        assertThatThrownBy(() -> admin.listUsers(b -> b.userPoolId("us-east-1_elsewhere")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
