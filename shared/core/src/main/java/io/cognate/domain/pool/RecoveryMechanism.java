package io.cognate.domain.pool;

import java.util.Set;

/** One of Cognito's {@code RecoveryMechanisms}: how a user recovers a forgotten password, in priority order. */
public record RecoveryMechanism(int priority, String name) {
    public static final String VERIFIED_EMAIL = "verified_email";
    public static final String VERIFIED_PHONE_NUMBER = "verified_phone_number";
    public static final String ADMIN_ONLY = "admin_only";
    static final Set<String> NAMES = Set.of(VERIFIED_EMAIL, VERIFIED_PHONE_NUMBER, ADMIN_ONLY);
}
