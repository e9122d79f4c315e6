package io.cognate.domain.signin;

import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.PoolRules;
import io.cognate.domain.PasswordRecords;
import io.cognate.domain.User;
import io.cognate.domain.UserAttributes;
import io.cognate.domain.UserStatus;
import io.cognate.domain.WriteFence;
import io.cognate.domain.json.JsonStrings;
import io.cognate.domain.mfa.ChallengeSessions;
import io.cognate.domain.mfa.ChallengeSessions.Stage;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NEW_PASSWORD_REQUIRED: a user an administrator created (status FORCE_CHANGE_PASSWORD) signs
 * in with the temporary password and is asked for a password of their own. The challenge is
 * issued by {@link MfaSignIn#afterPassword} like every challenge after a right password, with a
 * sealed {@link ChallengeSessions session} that any region opens; the answer here stores the new
 * password (its hash and SRP verifier, through the password policy), confirms the user and goes
 * on to the pool's second factor or to tokens.
 *
 * <p>The answer is a Directory write behind the {@link WriteFence}: a region that does not lead
 * refuses it as a read-only replica, and accepts the same session once promoted. The write is
 * conditional on the user's version the session was made for, so the session works once: the
 * write itself moves the version on, and any replay, here or in another region once replicated,
 * names a user who no longer exists at that version.
 */
public final class NewPasswordChallenge {
    public static final String NAME = "NEW_PASSWORD_REQUIRED";
    private static final String ATTRIBUTE_PREFIX = "userAttributes.";

    private final IdentityService identity;
    private final ChallengeSessions sessions;
    private final UserDirectory directory;
    private final WriteFence fence;
    private final PoolRules rules;
    private final PasswordRecords passwords;
    private final MfaSignIn signIn;
    private final Clock clock;

    public NewPasswordChallenge(IdentityService identity, ChallengeSessions sessions, UserDirectory directory,
                                WriteFence fence, PoolRules rules, PasswordRecords passwords,
                                MfaSignIn signIn, Clock clock) {
        this.identity = identity;
        this.sessions = sessions;
        this.directory = directory;
        this.fence = fence;
        this.rules = rules;
        this.passwords = passwords;
        this.signIn = signIn;
        this.clock = clock;
    }

    /**
     * The challenge's parameters as Cognito gives them: the SRP user id, no attribute the pool
     * requires that the user lacks ({@code requiredAttributes}, a JSON list), and the user's
     * attributes ({@code userAttributes}, a JSON object of strings, without {@code sub}).
     */
    public static Map<String, String> parameters(User user) {
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("USER_ID_FOR_SRP", user.username().value());
        parameters.put("requiredAttributes", "[]");
        StringBuilder json = new StringBuilder("{");
        user.attributes().forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            JsonStrings.quote(json, name).append(':');
            JsonStrings.quote(json, value);
        });
        parameters.put("userAttributes", json.append('}').toString());
        return parameters;
    }

    /**
     * RespondToAuthChallenge (or AdminRespondToAuthChallenge) NEW_PASSWORD_REQUIRED with
     * {@code USERNAME}, {@code NEW_PASSWORD} and any {@code userAttributes.<name>} the app client
     * may write: the next step of the sign-in.
     */
    public MfaSignIn.Step answer(String clientId, String session, Map<String, String> responses) {
        return answer(clientId, session, responses, Map.of());
    }

    /** The same, with RespondToAuthChallenge's {@code ClientMetadata} for the triggers the tokens call. */
    public MfaSignIn.Step answer(String clientId, String session, Map<String, String> responses,
                                 Map<String, String> clientMetadata) {
        AppClient client = identity.client(clientId);
        // A malformed answer is refused as such before its session is looked at, whatever the session.
        String newPassword = responses.get("NEW_PASSWORD");
        if (newPassword == null || newPassword.isEmpty()) {
            throw CognitoException.invalidParameter("Missing required parameter NEW_PASSWORD");
        }
        ChallengeSessions.Session opened = sessions.openFor(session, Stage.NEW_PASSWORD_REQUIRED, client.clientId(),
                responses.get("USERNAME"));
        // What the user may write through this client, as at SignUp: never sub or a *_verified flag.
        Map<String, String> changes = UserAttributes.fromClient(attributes(responses), client);
        rules.checkPassword(newPassword);
        User confirmed = fence.run(leader -> {
            User user = directory.findBySub(opened.sub()).filter(User::enabled).filter(opened::madeFor)
                    .filter(u -> u.status() == UserStatus.FORCE_CHANGE_PASSWORD)
                    .orElseThrow(() -> CognitoException.notAuthorized(ChallengeSessions.INVALID));
            Instant now = clock.instant();
            if (user.temporaryPasswordExpiredAt(now)) {
                throw CognitoException.notAuthorized(IdentityService.TEMPORARY_PASSWORD_EXPIRED);
            }
            var attributes = new LinkedHashMap<>(user.attributes());
            attributes.putAll(changes);
            if (changes.containsKey("email") && !changes.get("email").equals(user.attributes().get("email"))) {
                attributes.put("email_verified", "false");
            }
            User changed = passwords.withNewPassword(user.withAttributes(attributes, now), newPassword, now)
                    .withStatus(UserStatus.CONFIRMED, now);
            return directory.update(changed, leader);
        });
        return signIn.afterNewPassword(confirmed, client, opened.account(), responses.get("DEVICE_KEY"),
                clientMetadata);
    }

    private static List<UserAttributes.Attribute> attributes(Map<String, String> responses) {
        var attributes = new ArrayList<UserAttributes.Attribute>();
        responses.forEach((key, value) -> {
            if (key.startsWith(ATTRIBUTE_PREFIX)) {
                attributes.add(new UserAttributes.Attribute(key.substring(ATTRIBUTE_PREFIX.length()), value));
            }
        });
        return attributes;
    }
}
