package io.cognate.ports;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A live Cognito user pool that users are moved in from on their first sign-in or password reset
 * here ({@code io.cognate.domain.migration.UserMigration}): it checks a password, and describes a
 * user with their groups. Every call names the pool it goes to ({@link Address}), since the pool
 * is a setting that may change at run time.
 *
 * <p>The answers are what Cognito's Admin API tells: the user's own attributes (with {@code sub}),
 * status, whether enabled, MFA settings and groups. A pool that cannot be asked (unreachable,
 * throttled, a wrong pool or client id, no permission) throws {@link Unavailable}: that is no
 * verdict on the password.
 */
public interface LegacyPool {
    /**
     * Where the legacy pool is, and the app client to sign in through. {@code clientSecret} is the
     * client's secret in the clear (for {@code SECRET_HASH}), opened only for the call;
     * {@code endpoint} overrides the regional Cognito endpoint (a local stack).
     */
    record Address(String region, String userPoolId, String clientId, Optional<String> clientSecret,
                   Optional<URI> endpoint) {
        @Override
        public String toString() {
            return "Address[" + region + ", " + userPoolId + ", " + clientId
                    + (clientSecret.isPresent() ? ", with a client secret" : "") + endpoint.map(e -> ", " + e).orElse("")
                    + "]";
        }
    }

    /** What the legacy pool answered to a username and password. */
    enum SignInAnswer {
        /** Tokens: the password is right and nothing else was asked. */
        SIGNED_IN,
        /** NEW_PASSWORD_REQUIRED: the password is the temporary one an administrator gave. */
        NEW_PASSWORD_REQUIRED,
        /** A second factor was asked for (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SELECT_MFA_TYPE): the password is right. */
        SECOND_FACTOR_REQUIRED,
        /** Any refusal: wrong password, unknown user, disabled, unconfirmed, reset required, locked. */
        REFUSED
    }

    /** A user as the legacy pool's AdminGetUser and AdminListGroupsForUser describe them. */
    record LegacyUser(String username, Map<String, String> attributes, String status, boolean enabled,
                      List<String> mfaSettings, Optional<String> preferredMfa, List<LegacyGroup> groups) {
        public LegacyUser {
            attributes = Map.copyOf(attributes);
            mfaSettings = List.copyOf(mfaSettings);
            groups = List.copyOf(groups);
        }

        public Optional<String> sub() {
            return Optional.ofNullable(attributes.get("sub"));
        }
    }

    /** A group the legacy user is in, as Cognito's GroupType names it. */
    record LegacyGroup(String name, Optional<String> description, Optional<Integer> precedence) {
    }

    SignInAnswer signIn(Address pool, String username, String password);

    /** The user, or empty when the legacy pool has no user of that name. */
    Optional<LegacyUser> describe(Address pool, String username);

    /** The legacy pool could not be asked: no verdict. The message names no password or secret. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
