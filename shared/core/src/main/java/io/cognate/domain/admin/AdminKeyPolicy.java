package io.cognate.domain.admin;

/**
 * What an admin access key may call. {@code READ_ONLY} keys call only operations that change
 * nothing: Cognito's naming makes them the {@code Get}, {@code List} and {@code Describe}
 * operations (AdminGetUser, ListUsers, DescribeUserPoolClient...), which is what IAM's
 * read-only policy for Cognito (AmazonCognitoReadOnly) grants too.
 */
public enum AdminKeyPolicy {
    FULL, READ_ONLY;

    public boolean allows(String operation) {
        return this == FULL || readsOnly(operation);
    }

    static boolean readsOnly(String operation) {
        String name = operation.startsWith("Admin") ? operation.substring("Admin".length()) : operation;
        return name.startsWith("Get") || name.startsWith("List") || name.startsWith("Describe");
    }
}
