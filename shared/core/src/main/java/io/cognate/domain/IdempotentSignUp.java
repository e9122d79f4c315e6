package io.cognate.domain;

import io.cognate.domain.IdentityService.CodeDeliveryDetails;
import io.cognate.domain.IdentityService.SignUpResult;
import io.cognate.ports.IdempotencyRecords;
import io.cognate.ports.UserDirectory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * SignUp that answers a retry of the same request with the same answer, instead of
 * {@code UsernameExistsException}: a client whose first call timed out after the user was
 * created gets the user it created, and no second code is sent.
 *
 * <p>The request is keyed by a SHA-256 of the client id, the case-folded username and the
 * attributes, never of the password: the Idempotency table must not hold anything a password
 * could be guessed against. The password is checked instead against the Argon2id hash of the
 * user the first call created, so a different caller who picks the same username within the
 * window still gets {@code UsernameExistsException}, and so does any SignUp once the user has
 * been confirmed. A retry costs one Argon2id check, like the first call's hashing, and that
 * check goes through the sign-in lockout ({@link PasswordSignIn}): otherwise a repeated SignUp
 * would be an unlimited oracle for the password (200 for the right one, UsernameExists for a
 * wrong one). Answers are kept for {@link #WINDOW}.
 */
public final class IdempotentSignUp {
    /** How long a retry gets the first answer (Powertools' default idempotency expiry). */
    public static final Duration WINDOW = Duration.ofHours(1);

    private final IdentityService identity;
    private final UserDirectory directory;
    private final PasswordSignIn passwordSignIn;
    private final IdempotencyRecords records;
    private final Clock clock;

    public IdempotentSignUp(IdentityService identity, UserDirectory directory, PasswordSignIn passwordSignIn,
                            IdempotencyRecords records, Clock clock) {
        this.identity = identity;
        this.directory = directory;
        this.passwordSignIn = passwordSignIn;
        this.records = records;
        this.clock = clock;
    }

    public SignUpResult signUp(String clientId, String rawUsername, String password,
                               List<UserAttributes.Attribute> attributes) {
        return signUp(clientId, rawUsername, password, attributes, Map.of(), Map.of());
    }

    /** The same, with the data SignUp passes to its triggers ({@link IdentityService#signUp}). */
    public SignUpResult signUp(String clientId, String rawUsername, String password,
                               List<UserAttributes.Attribute> attributes, Map<String, String> validationData,
                               Map<String, String> clientMetadata) {
        Optional<String> key = key(clientId, rawUsername, attributes);
        if (key.isPresent()) {
            Optional<SignUpResult> earlier = replay(key.get(), rawUsername, password);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        SignUpResult result = identity.signUp(clientId, rawUsername, password, attributes, validationData,
                clientMetadata);
        key.ifPresent(k -> {
            Instant now = clock.instant();
            try {
                records.remember(k, toAnswer(result), now, now.plus(WINDOW));
            } catch (RuntimeException notStored) {
                // The user exists and its code went out: that answer stands. Without the record a
                // retry gets UsernameExistsException, as it would without idempotency.
            }
        });
        return result;
    }

    private Optional<SignUpResult> replay(String key, String rawUsername, String password) {
        Optional<SignUpResult> earlier;
        try {
            earlier = records.find(key, clock.instant()).map(IdempotentSignUp::fromAnswer);
        } catch (RuntimeException unreadable) {
            // No replay without the record; SignUp itself decides, as without idempotency.
            return Optional.empty();
        }
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        // The same request only if its password is the one the first call stored; and a retry
        // only while the answer still holds: once confirmed, the user is not "UserConfirmed:
        // false" any more, and SignUp answers UsernameExistsException as Cognito does.
        Optional<User> user = directory.findByUsername(Username.of(rawUsername))
                .filter(u -> u.sub().equals(earlier.get().userSub()))
                .filter(u -> u.status() == UserStatus.UNCONFIRMED);
        if (user.isEmpty() || password == null) {
            return Optional.empty();
        }
        try {
            // Counted like a sign-in; a wrong password, or a locked account, is no replay.
            passwordSignIn.authenticate(rawUsername, password);
            return earlier;
        } catch (CognitoException refused) {
            return Optional.empty();
        }
    }

    /**
     * {@code SIGNUP#<hex SHA-256>} of the request less its password; empty when the request is
     * not well-formed enough to be one (the service then refuses it as usual).
     */
    static Optional<String> key(String clientId, String rawUsername, List<UserAttributes.Attribute> attributes) {
        Username username;
        try {
            username = Username.of(rawUsername);
        } catch (RuntimeException notAUsername) {
            return Optional.empty();
        }
        if (clientId == null) {
            return Optional.empty();
        }
        var sorted = new TreeMap<String, String>();
        if (attributes != null) {
            for (UserAttributes.Attribute attribute : attributes) {
                sorted.put(String.valueOf(attribute.name()), String.valueOf(attribute.value()));
            }
        }
        StringBuilder canonical = new StringBuilder().append(clientId.length()).append(':').append(clientId)
                .append(username.key().length()).append(':').append(username.key());
        sorted.forEach((name, value) -> canonical.append(name.length()).append(':').append(name)
                .append(value.length()).append(':').append(value));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return Optional.of("SIGNUP#" + HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Map<String, String> toAnswer(SignUpResult result) {
        var answer = new TreeMap<String, String>();
        answer.put("userSub", result.userSub());
        answer.put("userConfirmed", Boolean.toString(result.userConfirmed()));
        if (result.codeDelivery() != null) {
            answer.put("destination", result.codeDelivery().destination());
            answer.put("deliveryMedium", result.codeDelivery().deliveryMedium());
            answer.put("attributeName", result.codeDelivery().attributeName());
        }
        return answer;
    }

    private static SignUpResult fromAnswer(Map<String, String> answer) {
        CodeDeliveryDetails delivery = answer.containsKey("destination")
                ? new CodeDeliveryDetails(answer.get("destination"), answer.get("deliveryMedium"), answer.get("attributeName"))
                : null;
        return new SignUpResult(answer.get("userSub"), Boolean.parseBoolean(answer.get("userConfirmed")), delivery);
    }
}
