package io.cognate.domain.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cognito's rules for what a user's groups put in tokens: order, roles and the preferred role's tie rule. */
class GroupClaimsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String ADMIN = "arn:aws:iam::123456789012:role/admin";
    private static final String READER = "arn:aws:iam::123456789012:role/reader";

    @Test
    void noGroupsClaimNothing() {
        assertThat(GroupClaims.of(List.of())).isEqualTo(GroupClaims.NONE);
        assertThat(GroupClaims.NONE.isEmpty()).isTrue();
    }

    @Test
    void groupsAreListedLowestPrecedenceFirstThoseWithoutOneLastTiesByName() {
        var claims = GroupClaims.of(List.of(group("zeta", null, null), group("beta", 5, null), group("alpha", 5, null),
                group("first", 0, null), group("aardvark", null, null)));

        assertThat(claims.groups()).containsExactly("first", "alpha", "beta", "aardvark", "zeta");
        assertThat(claims.roles()).isEmpty();
        assertThat(claims.preferredRole()).isEmpty();
    }

    @Test
    void everyRoleIsListedOnceAndTheLowestPrecedenceRoleIsPreferred() {
        var claims = GroupClaims.of(List.of(group("readers", 10, READER), group("admins", 1, ADMIN),
                group("more-readers", 20, READER), group("no-role", 0, null)));

        assertThat(claims.groups()).containsExactly("no-role", "admins", "readers", "more-readers");
        assertThat(claims.roles()).containsExactly(ADMIN, READER);
        assertThat(claims.preferredRole()).as("the group of precedence 0 has no role").contains(ADMIN);
    }

    @Test
    void aTieOfTheSameRoleIsPreferredATieOfDifferentRolesPrefersNone() {
        assertThat(GroupClaims.of(List.of(group("a", 3, ADMIN), group("b", 3, ADMIN), group("c", 9, READER)))
                .preferredRole()).contains(ADMIN);
        assertThat(GroupClaims.of(List.of(group("a", 3, ADMIN), group("b", 3, READER), group("c", 9, READER)))
                .preferredRole()).isEmpty();
        assertThat(GroupClaims.of(List.of(group("a", null, ADMIN), group("b", null, READER))).preferredRole())
                .as("groups without precedence tie with each other").isEmpty();
        assertThat(GroupClaims.of(List.of(group("a", null, ADMIN), group("b", 7, READER))).preferredRole())
                .as("any precedence goes before none").contains(READER);
    }

    private static Group group(String name, Integer precedence, String role) {
        return new Group(name, Optional.empty(), Optional.ofNullable(precedence), Optional.ofNullable(role), NOW, NOW,
                "id-" + name, 1);
    }
}
