package io.cognate.domain.groups;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user's groups put in their tokens, by Cognito's rules. {@code cognito:groups} lists the
 * group names, lowest precedence first (groups without one last, ties by name, so the order is
 * the same in every token). In ID tokens, {@code cognito:roles} lists every role ARN of those
 * groups, in the same order, once each, and {@code cognito:preferred_role} is the role of the
 * group with the lowest precedence among the groups that have a role; when several such groups
 * share that precedence (or all lack one), the role is preferred only if they all name the same
 * role, and otherwise there is no preferred role (Cognito's documented tie rule).
 */
public record GroupClaims(List<String> groups, List<String> roles, Optional<String> preferredRole) {
    public static final GroupClaims NONE = new GroupClaims(List.of(), List.of(), Optional.empty());

    /** Lowest precedence first, no precedence last, then by name. */
    static final Comparator<Group> ORDER = Comparator
            .comparing((Group group) -> group.precedence().orElse(null), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Group::name);

    public GroupClaims {
        groups = List.copyOf(groups);
        roles = List.copyOf(roles);
    }

    public static GroupClaims of(Collection<Group> memberOf) {
        if (memberOf.isEmpty()) {
            return NONE;
        }
        List<Group> ordered = memberOf.stream().sorted(ORDER).toList();
        List<String> names = ordered.stream().map(Group::name).toList();
        List<String> roles = ordered.stream().flatMap(group -> group.roleArn().stream()).distinct().toList();
        List<Group> withRole = ordered.stream().filter(group -> group.roleArn().isPresent()).toList();
        Optional<String> preferred = Optional.empty();
        if (!withRole.isEmpty()) {
            Optional<Integer> lowest = withRole.getFirst().precedence();
            Set<String> tied = withRole.stream()
                    .filter(group -> group.precedence().equals(lowest))
                    .map(group -> group.roleArn().orElseThrow())
                    .collect(Collectors.toSet());
            if (tied.size() == 1) {
                preferred = Optional.of(tied.iterator().next());
            }
        }
        return new GroupClaims(names, roles, preferred);
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }
}
