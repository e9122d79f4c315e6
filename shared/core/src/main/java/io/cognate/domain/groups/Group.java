package io.cognate.domain.groups;

import io.cognate.domain.CognitoException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A user pool group, as Cognito's {@code GroupType} describes it, plus what the store needs:
 * {@code id}, which names this incarnation of the name (a group deleted and created again under
 * the same name is a new group, and memberships of the old one grant nothing), and
 * {@code version}, which every update is conditional on.
 *
 * @param precedence Cognito's: non-negative, lower wins; empty is "no precedence", after every number
 * @param roleArn    an IAM role's ARN, put in ID tokens as {@code cognito:roles} and {@code cognito:preferred_role}
 */
public record Group(String name, Optional<String> description, Optional<Integer> precedence,
                    Optional<String> roleArn, Instant createdAt, Instant lastModifiedAt, String id, long version) {
    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_DESCRIPTION_LENGTH = 2048;
    private static final int MAX_ARN_LENGTH = 2048;
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    /**
     * An IAM role: any partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}...), no region,
     * a twelve-digit account, {@code role/} and a path and name of IAM's characters. Cognito's
     * model accepts any ARN here; only a role can be assumed with a group's tokens, so only a role
     * is stored.
     */
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");

    public Group {
        checkName(name);
        description.ifPresent(Group::checkDescription);
        precedence.ifPresent(Group::checkPrecedence);
        roleArn.ifPresent(Group::checkRoleArn);
    }

    /** A group as CreateGroup makes it: version 1, created and modified now. */
    public static Group created(String name, Optional<String> description, Optional<Integer> precedence,
                                Optional<String> roleArn, Instant now, String id) {
        return new Group(name, description, precedence, roleArn, now, now, id, 1);
    }

    /** This group with what UpdateGroup was given replacing what it had; what was not given stays. */
    public Group updated(Optional<String> newDescription, Optional<Integer> newPrecedence,
                         Optional<String> newRoleArn, Instant now) {
        return new Group(name, newDescription.or(() -> description), newPrecedence.or(() -> precedence),
                newRoleArn.or(() -> roleArn), createdAt, now, id, version + 1);
    }

    public static void checkName(String name) {
        if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH
                || !NAME.matcher(name).matches()) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'groupName' failed to "
                    + "satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+"
                    + " and have length between 1 and " + MAX_NAME_LENGTH);
        }
    }

    private static void checkDescription(String description) {
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'description' failed to "
                    + "satisfy constraint: Member must have length less than or equal to " + MAX_DESCRIPTION_LENGTH);
        }
    }

    private static void checkPrecedence(int precedence) {
        if (precedence < 0) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'precedence' failed to "
                    + "satisfy constraint: Member must have value greater than or equal to 0");
        }
    }

    private static void checkRoleArn(String roleArn) {
        if (roleArn.length() > MAX_ARN_LENGTH || !ROLE_ARN.matcher(roleArn).matches()) {
            throw CognitoException.invalidParameter("RoleArn must be the ARN of an IAM role "
                    + "(arn:aws:iam::<account>:role/<name>).");
        }
    }
}
