package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.User;
import io.cognate.domain.devices.DeviceSignIn;
import io.cognate.domain.mfa.MfaEnrolment;
import io.cognate.domain.mfa.MfaSettings;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.signin.ChoiceSignIn;
import io.cognate.domain.signin.CustomChallengeSignIn;
import io.cognate.domain.signin.NewPasswordChallenge;
import io.cognate.domain.srp.SrpSignIn;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Software-token MFA: enrolment (AssociateSoftwareToken, VerifySoftwareToken,
 * SetUserMFAPreference), USER_PASSWORD_AUTH, USER_SRP_AUTH, USER_AUTH and CUSTOM_AUTH with their challenges
 * (remembered devices' DEVICE_SRP_AUTH among them) and RespondToAuthChallenge, and the MFA part
 * of GetUser: request shape in, response shape out.
 */
final class MfaOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] OTHER_FACTORS = {"SMSMfaSettings", "EmailMfaSettings", "WebAuthnMfaSettings"};

    private final Supplier<MfaSignIn> signIn;
    private final Supplier<MfaEnrolment> enrolment;
    private static final java.util.Set<String> CHOICE_CHALLENGES = java.util.Set.of(
            ChoiceSignIn.SELECT_CHALLENGE, ChoiceSignIn.EMAIL_OTP, ChoiceSignIn.WEB_AUTHN);

    private final Supplier<SrpSignIn> srp;
    private final Supplier<ChoiceSignIn> choice;
    private final Supplier<DeviceSignIn> devices;
    private final Supplier<NewPasswordChallenge> newPassword;
    private final Supplier<CustomChallengeSignIn> custom;

    MfaOperations(Supplier<MfaSignIn> signIn, Supplier<MfaEnrolment> enrolment, Supplier<SrpSignIn> srp,
                  Supplier<ChoiceSignIn> choice, Supplier<DeviceSignIn> devices,
                  Supplier<NewPasswordChallenge> newPassword, Supplier<CustomChallengeSignIn> custom) {
        this.custom = custom;
        this.devices = devices;
        this.newPassword = newPassword;
        this.signIn = signIn;
        this.enrolment = enrolment;
        this.srp = srp;
        this.choice = choice;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of(
                "AssociateSoftwareToken", this::associateSoftwareToken,
                "VerifySoftwareToken", this::verifySoftwareToken,
                "SetUserMFAPreference", this::setUserMfaPreference,
                "RespondToAuthChallenge", this::respondToAuthChallenge);
    }

    /** InitiateAuth USER_PASSWORD_AUTH: tokens, or the challenge the user must answer first. */
    ObjectNode passwordAuth(String clientId, Map<String, String> parameters, Map<String, String> clientMetadata) {
        return render(signIn.get().passwordAuth(clientId, parameters.get("USERNAME"), parameters.get("PASSWORD"),
                parameters.get("DEVICE_KEY"), clientMetadata));
    }

    /** AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH / ADMIN_NO_SRP_AUTH: tokens, or the challenge to answer first. */
    ObjectNode adminPasswordAuth(String clientId, Map<String, String> parameters, Map<String, String> clientMetadata) {
        return render(signIn.get().adminPasswordAuth(clientId, parameters.get("USERNAME"), parameters.get("PASSWORD"),
                parameters.get("DEVICE_KEY"), clientMetadata));
    }

    /** InitiateAuth USER_AUTH: a chosen first factor's challenge (or tokens), or SELECT_CHALLENGE. */
    ObjectNode userAuth(String clientId, Map<String, String> parameters, Map<String, String> clientMetadata) {
        return render(choice.get().start(clientId, parameters, clientMetadata));
    }

    /**
     * InitiateAuth and AdminInitiateAuth CUSTOM_AUTH: the first challenge DefineAuthChallenge names
     * (or tokens). {@code ClientMetadata} goes to the challenge triggers.
     */
    ObjectNode customAuth(String clientId, Map<String, String> parameters, Map<String, String> clientMetadata) {
        return render(custom.get().start(clientId, parameters, clientMetadata));
    }

    /** InitiateAuth USER_SRP_AUTH: the PASSWORD_VERIFIER challenge, which carries its state in SECRET_BLOCK. */
    ObjectNode srpAuth(String clientId, Map<String, String> parameters) {
        Map<String, String> challenge = srp.get().start(clientId, parameters.get("USERNAME"), parameters.get("SRP_A"));
        ObjectNode response = NODES.objectNode();
        response.put("ChallengeName", SrpSignIn.PASSWORD_VERIFIER);
        ObjectNode challengeParameters = response.putObject("ChallengeParameters");
        challenge.forEach(challengeParameters::put);
        return response;
    }

    private static ObjectNode render(MfaSignIn.Step step) {
        ObjectNode response = NODES.objectNode();
        switch (step) {
            case MfaSignIn.Tokens tokens -> {
                response.set("ChallengeParameters", NODES.objectNode());
                response.set("AuthenticationResult", AuthenticationResults.of(tokens.tokens(), tokens.newDevice()));
            }
            case MfaSignIn.Challenge challenge -> {
                response.put("ChallengeName", challenge.name());
                if (challenge.session() != null) {
                    response.put("Session", challenge.session());
                }
                ObjectNode challengeParameters = response.putObject("ChallengeParameters");
                challenge.parameters().forEach(challengeParameters::put);
                if (!challenge.availableChallenges().isEmpty()) {
                    var available = response.putArray("AvailableChallenges");
                    challenge.availableChallenges().forEach(available::add);
                }
            }
        }
        return response;
    }

    /** GetUserAuthFactors' {@code ConfiguredUserAuthFactors}. */
    void describeFactors(ObjectNode response, User user) {
        var factors = response.putArray("ConfiguredUserAuthFactors");
        choice.get().configuredFactors(user).forEach(factors::add);
    }

    /** Adds GetUser's {@code UserMFASettingList} and {@code PreferredMfaSetting}. */
    void describe(ObjectNode getUserResponse, String sub) {
        MfaSettings settings = enrolment.get().settingsOf(sub);
        if (settings.active()) {
            getUserResponse.putArray("UserMFASettingList").add(MfaSettings.SOFTWARE_TOKEN_MFA);
            if (settings.preferred()) {
                getUserResponse.put("PreferredMfaSetting", MfaSettings.SOFTWARE_TOKEN_MFA);
            }
        }
    }

    private JsonNode associateSoftwareToken(JsonRequest request) {
        var association = enrolment.get().associate(request.optional("AccessToken"), request.optional("Session"));
        ObjectNode response = NODES.objectNode();
        response.put("SecretCode", association.secretCode());
        association.session().ifPresent(session -> response.put("Session", session));
        return response;
    }

    private JsonNode verifySoftwareToken(JsonRequest request) {
        String accessToken = request.optional("AccessToken");
        String session = request.optional("Session");
        String userCode = request.required("UserCode");
        request.optional("FriendlyDeviceName"); // accepted and not stored: nothing reports it back
        var verification = enrolment.get().verify(accessToken, session, userCode);
        ObjectNode response = NODES.objectNode();
        response.put("Status", "SUCCESS");
        verification.session().ifPresent(next -> response.put("Session", next));
        return response;
    }

    private JsonNode setUserMfaPreference(JsonRequest request) {
        String accessToken = request.required("AccessToken");
        MfaPreference preference = preference(request);
        enrolment.get().setPreference(accessToken, preference.enabled(), preference.preferred(),
                preference.otherFactorRequested());
        return NODES.objectNode();
    }

    /** SetUserMFAPreference's (and AdminSetUserMFAPreference's) settings: the software token's, and whether another factor is asked for. */
    record MfaPreference(Boolean enabled, Boolean preferred, boolean otherFactorRequested) {
    }

    static MfaPreference preference(JsonRequest request) {
        boolean otherFactorRequested = false;
        for (String member : OTHER_FACTORS) {
            JsonRequest other = request.object(member);
            otherFactorRequested |= other != null && Boolean.TRUE.equals(other.optionalBoolean("Enabled"));
            if (other != null) {
                other.optionalBoolean("PreferredMfa");
            }
        }
        JsonRequest settings = request.object("SoftwareTokenMfaSettings");
        Boolean enabled = settings == null ? null : settings.optionalBoolean("Enabled");
        Boolean preferred = settings == null ? null : settings.optionalBoolean("PreferredMfa");
        return new MfaPreference(enabled, preferred, otherFactorRequested);
    }

    /** RespondToAuthChallenge, and AdminRespondToAuthChallenge, which answers the same challenges. */
    JsonNode respondToAuthChallenge(JsonRequest request) {
        String clientId = request.required("ClientId");
        String challengeName = request.required("ChallengeName");
        Map<String, String> responses = request.stringMap("ChallengeResponses");
        String session = request.optional("Session");
        // Cognito passes it to PostAuthentication and PreTokenGeneration (among others) when the answer ends in tokens.
        Map<String, String> clientMetadata = request.stringMap("ClientMetadata");
        if (CustomChallengeSignIn.CUSTOM_CHALLENGE.equals(challengeName)) {
            return render(custom.get().answer(clientId, session, responses, clientMetadata));
        }
        if (SrpSignIn.PASSWORD_VERIFIER.equals(challengeName) && session != null && !session.isEmpty()) {
            // Only CUSTOM_AUTH begun with SRP gives PASSWORD_VERIFIER a session: USER_SRP_AUTH's
            // state travels in its SECRET_BLOCK alone.
            return render(custom.get().answerPassword(clientId, session, responses, clientMetadata));
        }
        if (SrpSignIn.PASSWORD_VERIFIER.equals(challengeName)) {
            // The password proven, the second factor (or the device's proof) may follow as for USER_PASSWORD_AUTH.
            return render(signIn.get().afterPassword(srp.get().answer(clientId, responses),
                    responses.get("DEVICE_KEY"), clientMetadata));
        }
        if (CHOICE_CHALLENGES.contains(challengeName)) {
            return render(choice.get().respond(clientId, challengeName, session, responses, clientMetadata));
        }
        if (DeviceSignIn.DEVICE_SRP_AUTH.equals(challengeName)) {
            return render(devices.get().start(clientId, session, responses));
        }
        if (DeviceSignIn.DEVICE_PASSWORD_VERIFIER.equals(challengeName)) {
            return render(devices.get().answer(clientId, responses, clientMetadata));
        }
        if (NewPasswordChallenge.NAME.equals(challengeName)) {
            return render(newPassword.get().answer(clientId, session, responses, clientMetadata));
        }
        return render(signIn.get().answer(clientId, challengeName, session, responses, clientMetadata));
    }
}
