package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbPasskeys;
import io.cognate.adapters.aws.DynamoDbSignCounters;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.adapters.webauthn.WebAuthn4jVerifier;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.passkeys.PasskeyAssertions;
import io.cognate.domain.passkeys.PasskeyCredential;
import io.cognate.domain.passkeys.PasskeyCredentials;
import io.cognate.domain.passkeys.PasskeySignIn;
import io.cognate.domain.passkeys.RelyingParty;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.WebAuthnVerifier;
import io.cognate.testing.contracts.PasskeyAssertionsContract;
import io.cognate.webauthn.SoftwareAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The passkey sign-in contract on what identity-api wires: {@link PasskeySignIn} with the
 * webauthn4j verifier, the Directory and the Sessions table on DynamoDB Local, and passkeys
 * held by {@link SoftwareAuthenticator}s registered through the same verifier.
 */
class WebAuthn4jPasskeyAssertionsContractTest extends PasskeyAssertionsContract {
    private static final String REGION = "us-east-1";
    private static final RelyingParty PARTY = new RelyingParty("auth.example.com", List.of("https://auth.example.com"));
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TableNames tables = ContractDynamoDb.freshTables();
    private final DynamoDbUserDirectory directory =
            new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION);
    private final LeaderRecord leader = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC())
            .initialise(new LeaderRecord(REGION, 1));
    private final DynamoDbPasskeys store =
            new DynamoDbPasskeys(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION);
    private final WebAuthnVerifier verifier = new WebAuthn4jVerifier();

    @Override
    protected PasskeyAssertions assertions() {
        return new PasskeySignIn(Optional.of(PARTY), store,
                new DynamoDbSignCounters(ContractDynamoDb.client(), tables.sessions(), REGION, Clock.systemUTC()),
                verifier, RANDOM);
    }

    @Override
    protected User newUser() {
        String sub = UUID.randomUUID().toString();
        directory.create(new User(sub, Username.of("user-" + sub.substring(0, 8)), UserStatus.CONFIRMED, true,
                Map.of(), "hash", Optional.empty(), Instant.now(), Instant.now()), leader);
        return directory.findBySub(sub).orElseThrow();
    }

    @Override
    protected Passkey register(User user) {
        var authenticator = SoftwareAuthenticator.create(SoftwareAuthenticator.Algorithm.ES256, PARTY.origins().getFirst());
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        String options = "{\"challenge\":\"" + BASE64URL.encodeToString(challenge) + "\",\"rp\":{\"id\":\"" + PARTY.id()
                + "\"},\"user\":{\"id\":\"" + BASE64URL.encodeToString(user.sub().getBytes(StandardCharsets.UTF_8)) + "\"}}";
        // Registered at count 0, so that a first answer at 0 stands for an authenticator that keeps no count.
        var created = verifier.register(authenticator.register(options,
                authenticator.honestRegistration(options).withSignCount(0)),
                new WebAuthnVerifier.Expectation(PARTY.id(), Set.copyOf(PARTY.origins()), challenge));
        PasskeyCredentials current = store.find(user.sub()).orElse(PasskeyCredentials.none());
        Instant now = Instant.now();
        store.put(user.sub(), current.with(new PasskeyCredential(created.credentialId(), created.publicKey(),
                created.signCount(), created.attestationFormat(), created.transports(), created.authenticatorAttachment(),
                "test", PARTY.id(), now), now), current.version(), Optional.empty(), leader);
        return new Held(authenticator);
    }

    @Override
    protected String relyingPartyId() {
        return PARTY.id();
    }

    private record Held(SoftwareAuthenticator authenticator) implements Passkey {
        @Override
        public String credentialId() {
            return authenticator.credentialId();
        }

        @Override
        public String answer(String options) {
            return authenticator.assertion(options);
        }

        @Override
        public String answerWithCount(String options, long signCount) {
            return authenticator.assertion(options, authenticator.honestAssertion(options).withSignCount(signCount));
        }

        @Override
        public String answerFromOrigin(String options, String origin) {
            return authenticator.assertion(options, authenticator.honestAssertion(options).withOrigin(origin));
        }

        @Override
        public String answerForRelyingParty(String options, String relyingPartyId) {
            return authenticator.assertion(options, authenticator.honestAssertion(options).withRpId(relyingPartyId));
        }

        @Override
        public String answerWithBrokenSignature(String options) {
            return authenticator.assertion(options, authenticator.honestAssertion(options).withBrokenSignature());
        }
    }
}
