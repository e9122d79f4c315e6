package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.adapters.aws.AwsClients;
import io.cognate.config.CognateConfig;
import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.domain.passkeys.PasskeyAssertions;
import io.cognate.identity.IdentityApiServices;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.webauthn.SoftwareAuthenticator;
import io.cognate.webauthn.SoftwareAuthenticator.Algorithm;
import io.cognate.webauthn.SoftwareAuthenticator.AttestationFormat;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListWebAuthnCredentialsResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnChallengeNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnClientMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnCredentialDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnCredentialNotSupportedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnOriginNotAllowedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnRelyingPartyMismatchException;

/**
 * Passkeys across the two local regions, through the AWS SDK's Cognito client: registration at
 * the primary with an authenticator written independently of the server ({@link
 * SoftwareAuthenticator}), listing and deletion, and, once the Directory replicated, sign-in
 * verified at the secondary by the {@link PasskeyAssertions} wired in its services (the
 * USER_AUTH flow that will call it is not part of this). The attacks: a cloned authenticator, an
 * assertion for another origin, relying party, challenge or user, a broken signature, a
 * registration response that answers no pending challenge or answers one twice, and
 * registration at the secondary, which answers like every fenced write.
 */
@ExtendWith(PasskeyTwoRegionTest.Stack.class)
class PasskeyTwoRegionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static LocalCognate stack;
    private static LocalRegion primary;
    private static LocalRegion secondary;
    private static String origin;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            primary = stack.regions().get(0);
            secondary = stack.regions().get(1);
            // The local stack's relying party is "localhost"; the front door's port is an allowed origin.
            origin = "http://localhost:" + stack.frontDoorEndpoint().getPort();
        }
    }

    /** A confirmed user signed in at the primary. */
    private record Account(String username, String accessToken) {
        User user(LocalRegion region) {
            return region.services().directory().findByUsername(Username.of(username)).orElseThrow();
        }
    }

    private static Account newAccount() {
        String username = Accounts.confirmedUser(stack);
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            return new Account(username, Accounts.signIn(east, stack.clientId(), username).accessToken());
        }
    }

    private static String start(CognitoIdentityProviderClient client, String accessToken) {
        return Documents.json(client.startWebAuthnRegistration(b -> b.accessToken(accessToken)).credentialCreationOptions());
    }

    private static void complete(CognitoIdentityProviderClient client, String accessToken, String registrationJson) {
        client.completeWebAuthnRegistration(b -> b.accessToken(accessToken).credential(Documents.of(registrationJson)));
    }

    /** Start and Complete at the primary with a new authenticator; returns it. */
    private static SoftwareAuthenticator registerAtPrimary(Account account, Algorithm algorithm, AttestationFormat format) {
        var authenticator = SoftwareAuthenticator.create(algorithm, origin);
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            complete(east, account.accessToken(), authenticator.register(start(east, account.accessToken()), format));
        }
        return authenticator;
    }

    private static List<WebAuthnCredentialDescription> list(CognitoIdentityProviderClient client, String accessToken) {
        return client.listWebAuthnCredentials(b -> b.accessToken(accessToken)).credentials();
    }

    private static PasskeyAssertions assertionsAt(LocalRegion region) {
        return region.services().passkeyAssertions();
    }

    /** A WEB_AUTHN challenge started at {@code region}, answered by {@code answer}, verified there. */
    private static boolean signIn(LocalRegion region, Account account,
                                  java.util.function.Function<String, String> answer) {
        User user = account.user(region);
        PasskeyAssertions.Assertion assertion = assertionsAt(region).start(user);
        return assertionsAt(region).verify(user, assertion.challenge(), answer.apply(assertion.requestOptionsJson()));
    }

    /** USER_AUTH with PREFERRED_CHALLENGE=WEB_AUTHN at {@code region}, answered by {@code answer}. */
    private static software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse
            userAuthWithPasskey(CognitoIdentityProviderClient cognito, String username,
                                java.util.function.Function<String, String> answer) {
        var challenge = cognito.initiateAuth(b -> b.clientId(stack.clientId())
                .authFlow(software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType.USER_AUTH)
                .authParameters(java.util.Map.of("USERNAME", username, "PREFERRED_CHALLENGE", "WEB_AUTHN")));
        assertThat(challenge.challengeNameAsString()).isEqualTo("WEB_AUTHN");
        String credential = answer.apply(challenge.challengeParameters().get("CREDENTIAL_REQUEST_OPTIONS"));
        return cognito.respondToAuthChallenge(b -> b.clientId(stack.clientId()).challengeName("WEB_AUTHN")
                .session(challenge.session())
                .challengeResponses(java.util.Map.of("USERNAME", username, "CREDENTIAL", credential)));
    }

    @Test
    void userAuthSignsInWithAPasskeyAtTheSecondaryOnceAndRefusesAClone() {
        Account account = newAccount();
        SoftwareAuthenticator authenticator = registerAtPrimary(account, Algorithm.ES256, AttestationFormat.NONE);
        Accounts.awaitReplicated(stack);
        try (var west = TwoRegionStoryTest.cognito(secondary)) {
            SoftwareAuthenticator clone = authenticator.copy();
            var tokens = userAuthWithPasskey(west, account.username(), authenticator::assertion).authenticationResult();
            assertThat(west.getUser(b -> b.accessToken(tokens.accessToken())).username()).isEqualTo(account.username());

            // The clone signs with the count the original already used.
            assertThatThrownBy(() -> userAuthWithPasskey(west, account.username(), clone::assertion))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.cognitoidentityprovider.model
                            .NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Incorrect username or password."));
            var factors = west.getUserAuthFactors(b -> b.accessToken(tokens.accessToken()));
            assertThat(factors.configuredUserAuthFactorsAsStrings()).contains("WEB_AUTHN");
        }
    }

    @Test
    void registerAtThePrimaryListAndSignInAtTheSecondaryAfterReplication() throws Exception {
        Account account = newAccount();
        var authenticator = SoftwareAuthenticator.create(Algorithm.ES256, origin);
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            JsonNode options = Documents.node(east.startWebAuthnRegistration(b -> b.accessToken(account.accessToken()))
                    .credentialCreationOptions());
            assertThat(options.path("rp").path("id").asText()).isEqualTo(LocalCognate.PASSKEY_RELYING_PARTY);
            assertThat(options.path("user").path("name").asText()).isEqualTo(account.username());
            assertThat(new String(java.util.Base64.getUrlDecoder().decode(options.path("user").path("id").asText()),
                    StandardCharsets.UTF_8)).isEqualTo(account.user(primary).sub());
            assertThat(java.util.Base64.getUrlDecoder().decode(options.path("challenge").asText())).hasSize(32);
            assertThat(options.path("pubKeyCredParams").findValuesAsText("alg")).containsExactly("-7", "-257");
            assertThat(options.path("excludeCredentials").isEmpty()).isTrue();
            assertThat(options.path("authenticatorSelection").path("userVerification").asText()).isEqualTo("preferred");
            assertThat(options.path("timeout").asLong()).isEqualTo(300_000);

            complete(east, account.accessToken(), authenticator.register(options.toString(), AttestationFormat.PACKED_SELF));

            List<WebAuthnCredentialDescription> listed = list(east, account.accessToken());
            assertThat(listed).hasSize(1);
            WebAuthnCredentialDescription description = listed.getFirst();
            assertThat(description.credentialId()).isEqualTo(authenticator.credentialId());
            assertThat(description.relyingPartyId()).isEqualTo(LocalCognate.PASSKEY_RELYING_PARTY);
            assertThat(description.authenticatorAttachment()).isEqualTo("platform");
            assertThat(description.authenticatorTransports()).containsExactly("hybrid", "internal");
            assertThat(description.friendlyCredentialName()).isNotBlank();
            assertThat(description.createdAt()).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());

            // A second registration excludes the passkey the user has.
            JsonNode again = Documents.node(east.startWebAuthnRegistration(b -> b.accessToken(account.accessToken()))
                    .credentialCreationOptions());
            assertThat(again.path("excludeCredentials").findValuesAsText("id")).containsExactly(authenticator.credentialId());
        }

        Accounts.awaitReplicated(stack);
        User atSecondary = account.user(secondary);
        assertThat(assertionsAt(secondary).hasPasskeys(atSecondary.sub())).isTrue();
        PasskeyAssertions.Assertion assertion = assertionsAt(secondary).start(atSecondary);
        JsonNode request = new com.fasterxml.jackson.databind.ObjectMapper().readTree(assertion.requestOptionsJson());
        assertThat(request.path("rpId").asText()).isEqualTo(LocalCognate.PASSKEY_RELYING_PARTY);
        assertThat(request.path("challenge").asText())
                .isEqualTo(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(assertion.challenge()));
        assertThat(request.path("allowCredentials").isEmpty()).as("no credential ids: they would tell who has passkeys").isTrue();
        assertThat(request.path("userVerification").asText()).isEqualTo("preferred");
        assertThat(request.path("timeout").asLong()).isEqualTo(180_000);

        assertThat(assertionsAt(secondary).verify(atSecondary, assertion.challenge(),
                authenticator.assertion(assertion.requestOptionsJson()))).isTrue();
        assertThat(signIn(primary, account, authenticator::assertion)).as("and at the primary").isTrue();
        assertThat(signIn(secondary, account, authenticator::assertion)).as("and again at the secondary").isTrue();
    }

    @Test
    void rs256PasskeysWithNoneAttestationWorkToo() {
        Account account = newAccount();
        var authenticator = registerAtPrimary(account, Algorithm.RS256, AttestationFormat.NONE);
        Accounts.awaitReplicated(stack);
        assertThat(signIn(secondary, account, authenticator::assertion)).isTrue();
    }

    @Test
    void aClonedAuthenticatorIsRefusedInEveryRegion() {
        Account account = newAccount();
        var authenticator = registerAtPrimary(account, Algorithm.ES256, AttestationFormat.NONE);
        var clone = authenticator.copy();
        Accounts.awaitReplicated(stack);

        assertThat(signIn(secondary, account, authenticator::assertion)).as("the original, count 2").isTrue();
        assertThat(signIn(secondary, account, clone::assertion)).as("the clone, count 2 again").isFalse();
        Accounts.awaitReplicated(stack);
        assertThat(signIn(primary, account, options -> clone.assertion(options,
                clone.honestAssertion(options).withSignCount(2)))).as("count 2 at the other region").isFalse();

        // A count that goes back, or stays at the same non-zero value, is refused wherever it comes.
        for (LocalRegion region : List.of(primary, secondary)) {
            assertThat(signIn(region, account, options -> authenticator.assertion(options,
                    authenticator.honestAssertion(options).withSignCount(1)))).as("back to 1 at " + region.name()).isFalse();
            assertThat(signIn(region, account, options -> authenticator.assertion(options,
                    authenticator.honestAssertion(options).withSignCount(2)))).as("2 again at " + region.name()).isFalse();
            assertThat(signIn(region, account, options -> authenticator.assertion(options,
                    authenticator.honestAssertion(options).withSignCount(0)))).as("0 at " + region.name()).isFalse();
        }
        // The clone, counting on past the original, is indistinguishable from it (WebAuthn's limit);
        // the original, counting on, still signs in.
        assertThat(signIn(primary, account, options -> authenticator.assertion(options,
                authenticator.honestAssertion(options).withSignCount(10)))).isTrue();
        Accounts.awaitReplicated(stack);
        assertThat(signIn(secondary, account, options -> authenticator.assertion(options,
                authenticator.honestAssertion(options).withSignCount(10)))).as("10 seen at the primary").isFalse();
        assertThat(signIn(secondary, account, options -> authenticator.assertion(options,
                authenticator.honestAssertion(options).withSignCount(11)))).isTrue();
    }

    @Test
    void anAuthenticatorWithoutACountSignsInOnItsSignatureAlone() {
        Account account = newAccount();
        var counterless = SoftwareAuthenticator.create(Algorithm.ES256, origin, 0);
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            complete(east, account.accessToken(), counterless.register(start(east, account.accessToken()), AttestationFormat.NONE));
        }
        Accounts.awaitReplicated(stack);
        assertThat(signIn(secondary, account, counterless::assertion)).isTrue();
        assertThat(signIn(secondary, account, counterless::assertion)).isTrue();
        assertThat(signIn(primary, account, counterless::assertion)).isTrue();
        // Once it has shown a count, 0 is a count going back.
        assertThat(signIn(secondary, account, options -> counterless.assertion(options,
                counterless.honestAssertion(options).withSignCount(5)))).isTrue();
        assertThat(signIn(secondary, account, counterless::assertion)).isFalse();
    }

    @Test
    void anAssertionForAnotherOriginRelyingPartyChallengeOrUserOrWithABrokenSignatureIsRefused() {
        Account alice = newAccount();
        Account bob = newAccount();
        var alices = registerAtPrimary(alice, Algorithm.ES256, AttestationFormat.PACKED_SELF);
        var bobs = registerAtPrimary(bob, Algorithm.ES256, AttestationFormat.NONE);
        Accounts.awaitReplicated(stack);

        assertThat(signIn(secondary, alice, options -> alices.assertion(options,
                alices.honestAssertion(options).withOrigin("https://evil.example")))).as("origin").isFalse();
        assertThat(signIn(secondary, alice, options -> alices.assertion(options,
                alices.honestAssertion(options).withOrigin("http://localhost:1")))).as("another port").isFalse();
        assertThat(signIn(secondary, alice, options -> alices.assertion(options,
                alices.honestAssertion(options).withRpId("evil.example")))).as("relying party").isFalse();
        assertThat(signIn(secondary, alice, options -> alices.assertion(options,
                alices.honestAssertion(options).withChallenge(randomBytes())))).as("challenge").isFalse();
        assertThat(signIn(secondary, alice, options -> alices.assertion(options,
                alices.honestAssertion(options).withBrokenSignature()))).as("signature").isFalse();
        assertThat(signIn(secondary, alice, options -> alices.assertion(options,
                alices.honestAssertion(options).withoutUserPresence()))).as("user presence").isFalse();
        assertThat(signIn(secondary, alice, options -> alices.assertion(options,
                alices.honestAssertion(options).withType("webauthn.create")))).as("client data type").isFalse();

        // Another user's passkey, whatever handle it sends, and this user's passkey for another user.
        assertThat(signIn(secondary, alice, bobs::assertion)).as("bob's passkey for alice").isFalse();
        assertThat(signIn(secondary, alice, options -> bobs.assertion(options, bobs.honestAssertion(options)
                .withUserHandle(alice.user(secondary).sub().getBytes(StandardCharsets.UTF_8))))).isFalse();
        assertThat(signIn(secondary, bob, alices::assertion)).as("alice's passkey for bob").isFalse();
        assertThat(signIn(secondary, alice, options -> alices.assertion(options, alices.honestAssertion(options)
                .withUserHandle(bob.user(secondary).sub().getBytes(StandardCharsets.UTF_8))))).as("bob's handle").isFalse();

        // An answer to one challenge is no answer to another.
        User user = alice.user(secondary);
        PasskeyAssertions.Assertion first = assertionsAt(secondary).start(user);
        PasskeyAssertions.Assertion second = assertionsAt(secondary).start(user);
        assertThat(second.challenge()).isNotEqualTo(first.challenge());
        assertThat(assertionsAt(secondary).verify(user, second.challenge(), alices.assertion(first.requestOptionsJson())))
                .isFalse();

        // Garbage is false, never an exception.
        for (String garbage : new String[] {"", "{}", "null", "[1]", "{\"id\":\"" + alices.credentialId() + "\"}", "\u0000"}) {
            assertThat(assertionsAt(secondary).verify(user, first.challenge(), garbage)).as(garbage).isFalse();
        }
        assertThat(assertionsAt(secondary).verify(user, new byte[0], alices.assertion(first.requestOptionsJson()))).isFalse();

        // After all that, the honest answers still work.
        assertThat(signIn(secondary, alice, alices::assertion)).isTrue();
        assertThat(signIn(secondary, bob, bobs::assertion)).isTrue();
    }

    @Test
    void registrationAndDeletionAtTheSecondaryAnswerLikeEveryFencedWrite() {
        Account account = newAccount();
        var authenticator = registerAtPrimary(account, Algorithm.ES256, AttestationFormat.NONE);
        Accounts.awaitReplicated(stack);
        try (var west = TwoRegionStoryTest.cognito(secondary)) {
            assertThatThrownBy(() -> start(west, account.accessToken()))
                    .isInstanceOf(OperationNotEnabledException.class).hasMessageContaining("read-only replica");
            var another = SoftwareAuthenticator.create(Algorithm.ES256, origin);
            String options;
            try (var east = TwoRegionStoryTest.cognito(primary)) {
                options = start(east, account.accessToken());
            }
            Accounts.awaitReplicated(stack);
            assertThatThrownBy(() -> complete(west, account.accessToken(), another.register(options, AttestationFormat.NONE)))
                    .isInstanceOf(OperationNotEnabledException.class);
            assertThatThrownBy(() -> west.deleteWebAuthnCredential(b -> b.accessToken(account.accessToken())
                    .credentialId(authenticator.credentialId()))).isInstanceOf(OperationNotEnabledException.class);
            // Listing is a read: every region answers it.
            assertThat(list(west, account.accessToken())).extracting(WebAuthnCredentialDescription::credentialId)
                    .containsExactly(authenticator.credentialId());
        }
    }

    @Test
    void aDeletedPasskeyNoLongerVerifiesAnywhere() {
        Account account = newAccount();
        var kept = registerAtPrimary(account, Algorithm.ES256, AttestationFormat.NONE);
        var deleted = registerAtPrimary(account, Algorithm.RS256, AttestationFormat.PACKED_SELF);
        Accounts.awaitReplicated(stack);
        assertThat(signIn(secondary, account, deleted::assertion)).isTrue();

        try (var east = TwoRegionStoryTest.cognito(primary)) {
            east.deleteWebAuthnCredential(b -> b.accessToken(account.accessToken()).credentialId(deleted.credentialId()));
            assertThat(list(east, account.accessToken())).extracting(WebAuthnCredentialDescription::credentialId)
                    .containsExactly(kept.credentialId());
            assertThatThrownBy(() -> east.deleteWebAuthnCredential(b -> b.accessToken(account.accessToken())
                    .credentialId(deleted.credentialId()))).isInstanceOf(ResourceNotFoundException.class);
            // Another user's passkey is not this user's to delete.
            Account other = newAccount();
            assertThatThrownBy(() -> east.deleteWebAuthnCredential(b -> b.accessToken(other.accessToken())
                    .credentialId(kept.credentialId()))).isInstanceOf(ResourceNotFoundException.class);
        }
        assertThat(signIn(primary, account, deleted::assertion)).isFalse();
        Accounts.awaitReplicated(stack);
        assertThat(signIn(secondary, account, deleted::assertion)).isFalse();
        assertThat(signIn(secondary, account, kept::assertion)).isTrue();

        try (var east = TwoRegionStoryTest.cognito(primary)) {
            east.deleteWebAuthnCredential(b -> b.accessToken(account.accessToken()).credentialId(kept.credentialId()));
            assertThat(list(east, account.accessToken())).isEmpty();
        }
        Accounts.awaitReplicated(stack);
        assertThat(assertionsAt(secondary).hasPasskeys(account.user(secondary).sub())).isFalse();
        assertThat(signIn(secondary, account, kept::assertion)).isFalse();
    }

    @Test
    void completeTakesOnlyAnAnswerToThePendingChallengeAndOnlyOnce() {
        Account account = newAccount();
        var authenticator = SoftwareAuthenticator.create(Algorithm.ES256, origin);
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            String token = account.accessToken();
            String invented = "{\"challenge\":\"" + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(randomBytes()) + "\",\"rp\":{\"id\":\"localhost\"},\"user\":{\"id\":\"eA\"}}";
            assertThatThrownBy(() -> complete(east, token, authenticator.register(invented, AttestationFormat.NONE)))
                    .as("no challenge pending").isInstanceOf(WebAuthnChallengeNotFoundException.class);

            String options = start(east, token);
            assertThatThrownBy(() -> complete(east, token, authenticator.register(invented, AttestationFormat.NONE)))
                    .as("another challenge").isInstanceOf(WebAuthnChallengeNotFoundException.class);
            assertThatThrownBy(() -> complete(east, token, authenticator.register(options,
                    authenticator.honestRegistration(options).withOrigin("https://evil.example"))))
                    .isInstanceOf(WebAuthnOriginNotAllowedException.class);
            assertThatThrownBy(() -> complete(east, token, authenticator.register(options,
                    authenticator.honestRegistration(options).withRpId("evil.example"))))
                    .isInstanceOf(WebAuthnRelyingPartyMismatchException.class);
            assertThatThrownBy(() -> complete(east, token, SoftwareAuthenticator.create(Algorithm.ES384, origin)
                    .register(options, AttestationFormat.NONE))).isInstanceOf(WebAuthnCredentialNotSupportedException.class);
            assertThatThrownBy(() -> complete(east, token, authenticator.register(options,
                    authenticator.honestRegistration(options).withFormat(AttestationFormat.PACKED_SELF).withBrokenSignature())))
                    .isInstanceOf(InvalidParameterException.class);
            for (String garbage : List.of("{}", "{\"id\":\"x\"}", "{\"response\":{\"attestationObject\":\"!!\"}}")) {
                assertThatThrownBy(() -> complete(east, token, garbage)).isInstanceOf(InvalidParameterException.class);
            }
            assertThatThrownBy(() -> east.completeWebAuthnRegistration(b -> b.accessToken(token)
                    .credential(software.amazon.awssdk.core.document.Document.fromString("a string"))))
                    .isInstanceOf(InvalidParameterException.class);

            String answer = authenticator.register(options, AttestationFormat.NONE);
            complete(east, token, answer);
            assertThatThrownBy(() -> complete(east, token, answer)).as("the same answer again")
                    .isInstanceOf(WebAuthnChallengeNotFoundException.class);

            // A newer Start replaces the pending challenge; the same authenticator registers once only.
            String first = start(east, token);
            String second = start(east, token);
            var next = SoftwareAuthenticator.create(Algorithm.ES256, origin);
            assertThatThrownBy(() -> complete(east, token, next.register(first, AttestationFormat.NONE)))
                    .isInstanceOf(WebAuthnChallengeNotFoundException.class);
            assertThatThrownBy(() -> complete(east, token, authenticator.register(second, AttestationFormat.NONE)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("already registered");
            assertThat(list(east, token)).hasSize(1);
        }
    }

    @Test
    void aChallengeExpiresAfterFiveMinutes() {
        Account account = newAccount();
        var authenticator = SoftwareAuthenticator.create(Algorithm.ES256, origin);
        String options;
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            options = start(east, account.accessToken());
        }
        String answer = authenticator.register(options, AttestationFormat.NONE);
        CognateConfig config = primary.services().config();
        // The primary's services over the same tables, six minutes later (the access token lasts an hour).
        try (var later = new IdentityApiServices(config, AwsClients.create(config),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)))) {
            assertThatThrownBy(() -> later.passkeyRegistration().complete(account.accessToken(), answer))
                    .isInstanceOfSatisfying(CognitoException.class,
                            e -> assertThat(e.type()).isEqualTo("WebAuthnChallengeNotFoundException"));
        }
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            complete(east, account.accessToken(), answer);
            assertThat(list(east, account.accessToken())).hasSize(1);
        }
    }

    @Test
    void theChallengeBelongsToTheAppClientThatStartedIt() {
        Account account = newAccount();
        String otherClientId = "passkey" + UUID.randomUUID().toString().replace("-", "").substring(0, 19);
        LeaderRecord leader = primary.services().leaders().current().orElseThrow();
        primary.services().directory().putClient(new AppClient(otherClientId, "passkey-test-client",
                Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH), Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30)),
                leader);
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            String otherToken = east.initiateAuth(b -> b.clientId(otherClientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", account.username(), "PASSWORD", Accounts.PASSWORD)))
                    .authenticationResult().accessToken();
            var authenticator = SoftwareAuthenticator.create(Algorithm.ES256, origin);
            String options = start(east, account.accessToken());
            assertThatThrownBy(() -> complete(east, otherToken, authenticator.register(options, AttestationFormat.NONE)))
                    .isInstanceOf(WebAuthnClientMismatchException.class);
            complete(east, account.accessToken(), authenticator.register(options, AttestationFormat.NONE));
            assertThatThrownBy(() -> start(east, "not-a-token")).isInstanceOf(NotAuthorizedException.class);
        }
    }

    @Test
    void aUserHasTwentyPasskeysAtMostAndTheListPagesThroughThem() {
        Account account = newAccount();
        List<String> registered = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            registered.add(registerAtPrimary(account, Algorithm.ES256, AttestationFormat.NONE).credentialId());
        }
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            assertThatThrownBy(() -> start(east, account.accessToken())).isInstanceOf(LimitExceededException.class);

            List<String> listed = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                String from = token;
                ListWebAuthnCredentialsResponse page = east.listWebAuthnCredentials(b -> b.accessToken(account.accessToken())
                        .maxResults(7).nextToken(from));
                assertThat(page.credentials()).hasSizeLessThanOrEqualTo(7);
                page.credentials().forEach(c -> listed.add(c.credentialId()));
                token = page.nextToken();
                pages++;
            } while (token != null);
            assertThat(pages).isEqualTo(3);
            assertThat(listed).containsExactlyElementsOf(registered);
            assertThat(list(east, account.accessToken())).as("20 in one page by default").hasSize(20);
            assertThatThrownBy(() -> east.listWebAuthnCredentials(b -> b.accessToken(account.accessToken())
                    .nextToken("not-a-token"))).isInstanceOf(InvalidParameterException.class);

            east.deleteWebAuthnCredential(b -> b.accessToken(account.accessToken()).credentialId(registered.getFirst()));
            var authenticator = SoftwareAuthenticator.create(Algorithm.ES256, origin);
            complete(east, account.accessToken(), authenticator.register(start(east, account.accessToken()),
                    AttestationFormat.NONE));
            assertThat(list(east, account.accessToken())).hasSize(20);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
