package io.cognate.domain.wrongimport;

import com.password4j.Password;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A core-package class that breaks the core rule on purpose (ArchitectureTest); never shipped. */
public final class CoreClassUsingTheSdk {
    private CoreClassUsingTheSdk() {
    }

    static boolean check(DynamoDbClient client, String password, String hash) {
        return client != null && Password.check(password, hash).withArgon2();
    }
}
