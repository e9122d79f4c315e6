package io.cognate.it;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret the test run has used: passwords, tokens, codes. Filled automatically from the
 * Cognito traffic of every SDK client in the tests ({@link CognitoTrafficSecrets}) and from the
 * outbox; tests that talk raw HTTP add theirs with {@link #remember}. {@link LogsHoldNoSecretsTest}
 * looks for each of them in the run's log.
 */
public final class SecretLedger {
    /** Shorter values (a 6-digit code is the shortest secret) would match by chance. */
    static final int MIN_LENGTH = 6;
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private SecretLedger() {
    }

    public static void remember(String secret) {
        if (secret != null && secret.length() >= MIN_LENGTH) {
            SECRETS.add(secret);
        }
    }

    static Set<String> all() {
        return Set.copyOf(SECRETS);
    }
}
