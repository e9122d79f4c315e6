package io.cognate.domain.imports;

import io.cognate.domain.CognitoException;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.WriteFence;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Moves one user in with the password hash another system made: the user is created CONFIRMED
 * with that hash and no SRP verifier, and its first password sign-in replaces the hash with
 * Argon2id and makes the verifier ({@code IdentityService}). The write is the Directory's fenced
 * create, which claims the username or writes nothing: a user whose username is taken already
 * (imported by an earlier run that stopped, or there before) is skipped, never overwritten and
 * never duplicated, so a run can be started again from the top after a crash.
 *
 * <p>A record without a hash moves the user in RESET_REQUIRED with no password at all, as
 * Cognito's own CSV import leaves every user: each sign-in answers that the password must be reset
 * (ForgotPassword, then ConfirmForgotPassword, sets one).
 *
 * <p>A record is rejected, with a reason that names neither password nor hash, when its username
 * is not one Cognito accepts, its hash is in no format the hasher knows, or an attribute is not a
 * standard or {@code custom:} one.
 */
public final class UserImport {
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("(custom:)?[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}&&[^:]]{1,32}");
    private static final java.util.Set<String> NOT_SETTABLE = java.util.Set.of("sub", "cognito:username");

    private final UserDirectory directory;
    private final WriteFence fence;
    private final Function<String, Optional<String>> hashFormat;
    private final Clock clock;

    /**
     * @param hashFormat the name of the format a stored hash is in, or empty when it is in none
     *                   the sign-in's hasher can check
     */
    public UserImport(UserDirectory directory, WriteFence fence, Function<String, Optional<String>> hashFormat,
                      Clock clock) {
        this.directory = directory;
        this.fence = fence;
        this.hashFormat = hashFormat;
        this.clock = clock;
    }

    /** One user to move in. {@code toString} leaves the hash out. */
    public record Record(String username, String passwordHash, Map<String, String> attributes) {
        public Record {
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }

        @Override
        public String toString() {
            return "Record[" + username + ", hash redacted, " + attributes.size() + " attributes]";
        }
    }

    public enum Outcome { IMPORTED, SKIPPED }

    /** A record that cannot be imported, and why (never the hash). */
    public static final class Rejected extends RuntimeException {
        public Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /** What {@link #check} answers for a record without a hash. */
    public static final String NO_HASH = "none";

    private static boolean hasHash(Record record) {
        return record.passwordHash() != null && !record.passwordHash().isEmpty();
    }

    /** The format a valid record's hash is in, or {@link #NO_HASH}; throws {@link Rejected} for an invalid record. */
    public String check(Record record) {
        if (record.username() == null || record.username().isEmpty()) {
            throw new Rejected("no username");
        }
        try {
            Username.of(record.username());
        } catch (CognitoException invalid) {
            throw new Rejected("username not valid");
        }
        String format = hasHash(record) ? hashFormat.apply(record.passwordHash())
                .orElseThrow(() -> new Rejected("password hash in no supported format")) : NO_HASH;
        for (var attribute : record.attributes().entrySet()) {
            if (NOT_SETTABLE.contains(attribute.getKey()) || !ATTRIBUTE_NAME.matcher(attribute.getKey()).matches()) {
                throw new Rejected("attribute name not valid: " + attribute.getKey());
            }
            if (attribute.getValue() == null || attribute.getValue().length() > 2048) {
                throw new Rejected("attribute value missing or too long: " + attribute.getKey());
            }
        }
        return format;
    }

    /** Creates the record's user, or finds its username taken; throws {@link Rejected} for an invalid record. */
    public Outcome importUser(Record record) {
        check(record);
        Instant now = clock.instant();
        Map<String, String> attributes = new LinkedHashMap<>(record.attributes());
        String sub = UUID.randomUUID().toString();
        User user = new User(sub, Username.of(record.username()),
                hasHash(record) ? UserStatus.CONFIRMED : UserStatus.RESET_REQUIRED, true, attributes,
                hasHash(record) ? record.passwordHash() : "", Optional.empty(), now, now);
        try {
            fence.run(leader -> {
                directory.create(user, leader);
                return null;
            });
            return Outcome.IMPORTED;
        } catch (UserDirectory.UsernameTaken taken) {
            return Outcome.SKIPPED;
        }
    }
}
