package io.cognate.domain.passkeys;

import io.cognate.domain.User;
import io.cognate.ports.WebAuthnVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options documents the browser's {@code navigator.credentials.create()} and {@code get()}
 * take, in their JSON form (binary values base64url, as PublicKeyCredential.parseCreationOptionsFromJSON
 * and parseRequestOptionsFromJSON read them), built as maps that keep member order.
 */
final class PasskeyOptions {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private PasskeyOptions() {
    }

    static String base64Url(byte[] bytes) {
        return BASE64URL.encodeToString(bytes);
    }

    /** The user handle: the sub's bytes, which never change, unlike a username or address. */
    static byte[] userHandle(User user) {
        return user.sub().getBytes(StandardCharsets.UTF_8);
    }

    /** PublicKeyCredentialCreationOptions for StartWebAuthnRegistration. */
    static Map<String, Object> creation(RelyingParty relyingParty, User user, byte[] challenge,
                                        PasskeyCredentials existing, Duration timeout) {
        var options = new LinkedHashMap<String, Object>();
        options.put("challenge", base64Url(challenge));
        options.put("rp", ordered("id", relyingParty.id(), "name", relyingParty.id()));
        options.put("user", ordered("id", base64Url(userHandle(user)), "name", user.username().value(),
                "displayName", user.attribute("name").orElse(user.username().value())));
        options.put("pubKeyCredParams", List.of(
                ordered("type", "public-key", "alg", WebAuthnVerifier.ES256),
                ordered("type", "public-key", "alg", WebAuthnVerifier.RS256)));
        options.put("timeout", timeout.toMillis());
        // The authenticator refuses to make a second credential for an account it already holds one for.
        options.put("excludeCredentials", descriptors(existing));
        // A passkey: discoverable, user verification asked for where the authenticator can do it.
        options.put("authenticatorSelection", ordered("residentKey", "required", "requireResidentKey", true,
                "userVerification", "preferred"));
        // Nothing is decided on the authenticator's make, so no attestation is asked for.
        options.put("attestation", "none");
        return options;
    }

    /**
     * PublicKeyCredentialRequestOptions for the WEB_AUTHN challenge. They list no credentials:
     * passkeys are registered discoverable, so the authenticator offers those it holds for the
     * relying party, and options naming the user's credential ids would tell anyone who asks
     * which usernames have passkeys (and that they exist). {@code credentials} is unused for that
     * reason; the answer is checked against the user's own passkeys.
     */
    static Map<String, Object> request(RelyingParty relyingParty, byte[] challenge, PasskeyCredentials credentials,
                                       Duration timeout) {
        var options = new LinkedHashMap<String, Object>();
        options.put("challenge", base64Url(challenge));
        options.put("rpId", relyingParty.id());
        options.put("allowCredentials", List.of());
        options.put("userVerification", "preferred");
        options.put("timeout", timeout.toMillis());
        return options;
    }

    private static List<Map<String, Object>> descriptors(PasskeyCredentials credentials) {
        var descriptors = new ArrayList<Map<String, Object>>();
        for (PasskeyCredential credential : credentials.credentials()) {
            var descriptor = ordered("type", "public-key", "id", credential.credentialId());
            if (!credential.transports().isEmpty()) {
                descriptor.put("transports", credential.transports());
            }
            descriptors.add(descriptor);
        }
        return descriptors;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
