package io.cognate.domain.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import io.cognate.domain.CognitoException;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.pool.DeletionProtection;
import io.cognate.domain.pool.PasswordRequirements;
import io.cognate.domain.pool.PoolUpdate;
import io.cognate.domain.pool.RecoveryMechanism;
import io.cognate.domain.sessions.SessionService;
import io.cognate.domain.tokens.IssuedTokens;
import io.cognate.ports.TriggerInvoker.TriggerFailed;
import io.cognate.testing.InMemoryRegion;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * PreTokenGeneration through the in-memory region: the V1 event changes the ID token only, the
 * V2 event both tokens and the access token's scopes; a group override changes the group claims
 * of both; claims Cognito reserves stay as issued; a refresh asks the trigger again; a failure
 * gives Cognito's error, no tokens and no stored session.
 */
public class PreTokenGenerationTest {
    private static final String POOL = InMemoryRegion.USER_POOL_ID;
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String TRIGGER = "http://pre-token-generation.test/";

    private final InMemoryRegion region = InMemoryRegion.create();

    private void configure(Map<String, String> lambdaConfig) {
        configure(region, lambdaConfig);
    }

    /** Sets the pool's triggers, keeping the settings these tests rely on (MFA as the region has it). */
    public static void configure(InMemoryRegion region, Map<String, String> lambdaConfig) {
        region.poolAdministration().update(POOL, new PoolUpdate(Optional.empty(), PasswordRequirements.cognitoDefault(),
                region.poolSettings().current().mfaConfiguration(), List.of("email"),
                List.of(new RecoveryMechanism(1, "verified_email")), DeletionProtection.INACTIVE, false, 7, List.of(),
                LambdaConfig.checked(lambdaConfig, true)));
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> claims(String jwt) {
        try {
            return SignedJWT.parse(jwt).getJWTClaimsSet().getClaims();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String member) {
        return (Map<String, Object>) parent.get(member);
    }

    @Test
    void v1ReceivesCognitosEventAndChangesTheIdTokenOnly() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        region.groupService().create(POOL, "admins", Optional.empty(), Optional.of(1),
                Optional.of("arn:aws:iam::123456789012:role/admins"));
        region.groupService().addUser(POOL, "ada", "admins");
        configure(Map.of("PreTokenGeneration", TRIGGER));
        region.triggerInvoker().serve(TRIGGER, event -> """
                {"response":{"claimsOverrideDetails":{
                  "claimsToAddOrOverride":{"tenant":"acme","sub":"someone-else","iss":"https://evil.example",
                                           "token_use":"access","exp":"9999999999","cognito:username":"mallory"},
                  "claimsToSuppress":["email","aud","origin_jti"]}}}""");

        IssuedTokens tokens = region.signIn("ada", PASSWORD);

        Map<String, Object> event = parse(region.triggerInvoker().events().getLast());
        assertThat(event).containsEntry("version", "1").containsEntry("triggerSource", "TokenGeneration_Authentication")
                .containsEntry("userName", "ada").containsEntry("userPoolId", POOL);
        Map<String, Object> request = object(event, "request");
        assertThat(object(request, "userAttributes")).containsEntry("email", "ada@example.com")
                .containsEntry("sub", region.user("ada").sub()).containsEntry("cognito:user_status", "CONFIRMED");
        assertThat(object(request, "groupConfiguration")).containsEntry("groupsToOverride", List.of("admins"))
                .containsEntry("iamRolesToOverride", List.of("arn:aws:iam::123456789012:role/admins"))
                .containsEntry("preferredRole", "arn:aws:iam::123456789012:role/admins");
        assertThat(request).doesNotContainKey("scopes");
        assertThat(object(event, "response")).containsEntry("claimsOverrideDetails", null);
        assertThat(region.triggerInvoker().events().getLast()).doesNotContain(PASSWORD);

        Map<String, Object> id = claims(tokens.idToken());
        assertThat(id).containsEntry("tenant", "acme").doesNotContainKey("email")
                .containsEntry("sub", region.user("ada").sub()).containsEntry("iss", region.issuerUrl())
                .containsEntry("token_use", "id").containsEntry("cognito:username", "ada")
                .containsKey("aud").containsKey("origin_jti");
        assertThat(((java.util.Date) id.get("exp")).toInstant()).isBefore(region.clock().instant().plusSeconds(7200));
        Map<String, Object> access = claims(tokens.accessToken());
        assertThat(access).doesNotContainKey("tenant").containsEntry("token_use", "access");
    }

    @Test
    void v2ChangesBothTokensTheScopesAndTheGroups() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        region.groupService().create(POOL, "readers", Optional.empty(), Optional.of(5), Optional.empty());
        region.groupService().addUser(POOL, "ada", "readers");
        configure(Map.of("PreTokenGenerationConfig.LambdaArn", TRIGGER, "PreTokenGenerationConfig.LambdaVersion", "V2_0"));
        region.triggerInvoker().serve(TRIGGER, event -> """
                {"response":{"claimsAndScopeOverrideDetails":{
                  "idTokenGeneration":{"claimsToAddOrOverride":{"plan":{"tier":"gold","seats":5},"beta":true},
                                       "claimsToSuppress":["email_verified"]},
                  "accessTokenGeneration":{"claimsToAddOrOverride":{"tenant":"acme","roles":["a","b"],"level":3,
                                                                    "client_id":"other","sub":"x","scope":"admin"},
                                           "claimsToSuppress":["username","jti"],
                                           "scopesToAdd":["orders/read","orders/write"],
                                           "scopesToSuppress":["aws.cognito.signin.user.admin"]},
                  "groupOverrideDetails":{"groupsToOverride":["gold-customers"],
                                          "iamRolesToOverride":["arn:aws:iam::123456789012:role/gold"],
                                          "preferredRole":"arn:aws:iam::123456789012:role/gold"}}}}""");

        IssuedTokens tokens = region.signIn("ada", PASSWORD);

        Map<String, Object> event = parse(region.triggerInvoker().events().getLast());
        assertThat(event).containsEntry("version", "2");
        Map<String, Object> request = object(event, "request");
        assertThat(request).containsEntry("scopes", List.of("aws.cognito.signin.user.admin"));
        assertThat(object(request, "groupConfiguration")).containsEntry("groupsToOverride", List.of("readers"))
                .containsEntry("iamRolesToOverride", List.of()).containsEntry("preferredRole", null);
        assertThat(object(event, "response")).containsEntry("claimsAndScopeOverrideDetails", null);

        Map<String, Object> id = claims(tokens.idToken());
        assertThat(id).containsEntry("plan", Map.of("tier", "gold", "seats", 5L)).containsEntry("beta", true)
                .doesNotContainKey("email_verified").doesNotContainKey("tenant")
                .containsEntry("cognito:groups", List.of("gold-customers"))
                .containsEntry("cognito:roles", List.of("arn:aws:iam::123456789012:role/gold"))
                .containsEntry("cognito:preferred_role", "arn:aws:iam::123456789012:role/gold");
        Map<String, Object> access = claims(tokens.accessToken());
        assertThat(access).containsEntry("tenant", "acme").containsEntry("roles", List.of("a", "b"))
                .containsEntry("level", 3L).containsEntry("client_id", InMemoryRegion.CLIENT_ID)
                .containsEntry("sub", region.user("ada").sub()).containsEntry("username", "ada")
                .containsKey("jti").doesNotContainKey("plan")
                .containsEntry("scope", "orders/read orders/write")
                .containsEntry("cognito:groups", List.of("gold-customers"));
    }

    @Test
    void theTokensThatAnswerANewPasswordChallengeSaySo() {
        region.adminUsers().create(POOL, new io.cognate.domain.AdminUsers.Invitation("ada",
                List.of(new io.cognate.domain.UserAttributes.Attribute("email", "ada@example.com")), null, null,
                List.of()));
        String temporary = region.codeDelivery().lastCodeFor("ada");
        configure(Map.of("PreTokenGeneration", TRIGGER));
        region.triggerInvoker().serve(TRIGGER, event -> "{\"response\":{}}");
        var challenge = (io.cognate.domain.mfa.MfaSignIn.Challenge) region.mfaSignIn()
                .passwordAuth(InMemoryRegion.CLIENT_ID, "ada", temporary);

        region.newPasswordChallenge().answer(InMemoryRegion.CLIENT_ID, challenge.session(),
                Map.of("USERNAME", "ada", "NEW_PASSWORD", PASSWORD));

        assertThat(parse(region.triggerInvoker().events().getLast()))
                .containsEntry("triggerSource", "TokenGeneration_NewPasswordChallenge");
    }

    @Test
    void aRefreshAsksTheTriggerAgainSoTheClaimsStayTheSame() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        configure(Map.of("PreTokenGenerationConfig.LambdaArn", TRIGGER, "PreTokenGenerationConfig.LambdaVersion", "V2_0"));
        region.triggerInvoker().serve(TRIGGER, event -> """
                {"response":{"claimsAndScopeOverrideDetails":{
                  "accessTokenGeneration":{"claimsToAddOrOverride":{"tenant":"acme"}}}}}""");
        IssuedTokens tokens = region.signIn("ada", PASSWORD);

        IssuedTokens refreshed = region.sessionService().refresh(InMemoryRegion.CLIENT_ID, tokens.refreshToken().orElseThrow(),
                SessionService.ClientProof.secretHash(null));

        Map<String, Object> event = parse(region.triggerInvoker().events().getLast());
        assertThat(event).containsEntry("triggerSource", "TokenGeneration_RefreshTokens");
        assertThat(claims(refreshed.accessToken())).containsEntry("tenant", "acme");
    }

    @Test
    void aFailingTriggerGivesCognitosErrorAndNoSession() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        configure(Map.of("PreTokenGeneration", TRIGGER));
        region.triggerInvoker().serve(TRIGGER, event -> {
            throw new TriggerFailed(TriggerFailed.Kind.FUNCTION_ERROR, "No tokens today");
        });

        assertThatThrownBy(() -> region.signIn("ada", PASSWORD)).isInstanceOfSatisfying(CognitoException.class, e -> {
            assertThat(e.type()).isEqualTo("UserLambdaValidationException");
            assertThat(e.getMessage()).isEqualTo("PreTokenGeneration failed with error No tokens today.");
        });
        assertThat(region.sessionStore().refreshTokenCount()).isZero();
    }

    @Test
    void anAnswerOfTheWrongShapeIsInvalidLambdaResponseException() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        configure(Map.of("PreTokenGeneration", TRIGGER));
        // A V1 claim value is a string.
        region.triggerInvoker().serve(TRIGGER, event -> """
                {"response":{"claimsOverrideDetails":{"claimsToAddOrOverride":{"plan":{"tier":"gold"}}}}}""");

        assertThatThrownBy(() -> region.signIn("ada", PASSWORD)).isInstanceOfSatisfying(CognitoException.class,
                e -> assertThat(e.type()).isEqualTo("InvalidLambdaResponseException"));

        configure(Map.of("PreTokenGenerationConfig.LambdaArn", TRIGGER, "PreTokenGenerationConfig.LambdaVersion", "V3_0"));
        // Cognito keeps these ID token claims simple values.
        region.triggerInvoker().serve(TRIGGER, event -> """
                {"response":{"claimsAndScopeOverrideDetails":{"idTokenGeneration":{
                  "claimsToAddOrOverride":{"email_verified":{"really":true}}}}}}""");
        assertThatThrownBy(() -> region.signIn("ada", PASSWORD)).isInstanceOfSatisfying(CognitoException.class,
                e -> assertThat(e.type()).isEqualTo("InvalidLambdaResponseException"));
        assertThat(parse(region.triggerInvoker().events().getLast())).containsEntry("version", "3");
        assertThat(region.sessionStore().refreshTokenCount()).isZero();
    }

    @Test
    void aV3TriggerChangesMachineToMachineTokensAndOtherVersionsAreNotAsked() throws Exception {
        var registry = new io.cognate.domain.clients.AppClientRegistry(POOL, region.inMemoryDirectory(), region.fence(),
                region.clientSecrets(), new java.security.SecureRandom(), java.time.Clock.systemUTC());
        var created = registry.create(POOL, new io.cognate.domain.clients.ClientConfiguration("machine", null, null, null,
                null, null, null, null, null, null, List.of("client_credentials"), List.of("orders/read", "orders/write"),
                true, List.of(), null, null, null, null, null, null, null), true, null);
        var grant = new io.cognate.domain.clients.ClientCredentialsGrant(region.inMemoryDirectory(), region.issuer(),
                (clientId, scopes) -> region.triggers().preTokenGenerationForClient(clientId, scopes, Map.of()));
        String clientId = created.client().clientId();
        region.triggerInvoker().serve(TRIGGER, event -> """
                {"response":{"claimsAndScopeOverrideDetails":{"accessTokenGeneration":{
                  "claimsToAddOrOverride":{"tenant":"acme","client_id":"someone-else"},
                  "scopesToSuppress":["orders/write"]}}}}""");

        configure(Map.of("PreTokenGenerationConfig.LambdaArn", TRIGGER, "PreTokenGenerationConfig.LambdaVersion", "V2_0"));
        grant.grant(clientId, created.secret().orElseThrow(), Optional.empty());
        assertThat(region.triggerInvoker().events()).as("a V2_0 trigger is not asked for machine tokens").isEmpty();

        configure(Map.of("PreTokenGenerationConfig.LambdaArn", TRIGGER, "PreTokenGenerationConfig.LambdaVersion", "V3_0"));
        var granted = grant.grant(clientId, created.secret().orElseThrow(), Optional.empty());

        Map<String, Object> event = parse(region.triggerInvoker().events().getLast());
        assertThat(event).containsEntry("version", "3").containsEntry("triggerSource", "TokenGeneration_ClientCredentials");
        assertThat(((Map<?, ?>) event.get("request")).get("scopes")).isEqualTo(List.of("orders/read", "orders/write"));
        var claims = com.nimbusds.jwt.SignedJWT.parse(granted.accessToken()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("tenant")).isEqualTo("acme");
        assertThat(claims.getStringClaim("client_id")).as("a claim the trigger may not change").isEqualTo(clientId);
        assertThat(claims.getStringClaim("scope")).isEqualTo("orders/read");
    }
}
