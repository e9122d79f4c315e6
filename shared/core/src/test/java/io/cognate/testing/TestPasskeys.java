package io.cognate.testing;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.passkeys.PasskeyAssertions;
import io.cognate.domain.passkeys.PasskeyCredential;
import io.cognate.domain.passkeys.PasskeyCredentials;
import io.cognate.domain.passkeys.PasskeySignIn;
import io.cognate.domain.passkeys.RelyingParty;
import io.cognate.ports.LeaderRecords;
import io.cognate.ports.WebAuthnVerifier;
import io.cognate.testing.contracts.PasskeyAssertionsContract;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passkeys for core tests (USER_AUTH's WEB_AUTHN challenge among them): the real {@link
 * PasskeySignIn} over {@link InMemoryPasskeys} and {@link InMemorySignCounters}, with a stand-in
 * for the WebAuthn cryptography. A {@link TestPasskey} answers request options with a JSON
 * object of its own (not WebAuthn's: an HMAC over the challenge, origin, relying party, count
 * and user handle, keyed by what the store holds as the passkey's "public key"), which the
 * stand-in checks as webauthn4j checks the real thing. The integration tests run the same
 * contract ({@link PasskeyAssertionsContract}) on the real verifier with a software authenticator.
 */
public final class TestPasskeys {
    public static final RelyingParty RELYING_PARTY = new RelyingParty("auth.example.com", List.of("https://auth.example.com"));
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InMemoryPasskeys store;
    private final LeaderRecords leaders;
    private final PasskeySignIn signIn;

    /** Passkeys of {@code directory}'s users, written under {@code leaders}' record; counts in {@code counters}. */
    public TestPasskeys(InMemoryUserDirectory directory, LeaderRecords leaders, InMemorySignCounters counters) {
        this.store = new InMemoryPasskeys(directory);
        this.leaders = leaders;
        this.signIn = new PasskeySignIn(Optional.of(RELYING_PARTY), store, counters, new StandIn(), RANDOM);
    }

    public PasskeyAssertions assertions() {
        return signIn;
    }

    /** Registers a new passkey for {@code user} (a stored user) and returns it. */
    public TestPasskey register(User user) {
        byte[] id = new byte[16];
        byte[] key = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(key);
        LeaderRecord leader = leaders.current().orElseThrow();
        PasskeyCredentials current = store.find(user.sub()).orElse(PasskeyCredentials.none());
        Instant now = Instant.now();
        PasskeyCredential credential = new PasskeyCredential(BASE64URL.encodeToString(id), BASE64URL.encodeToString(key), 0,
                "none", List.of("internal"), Optional.of("platform"), "Test passkey", RELYING_PARTY.id(), now);
        store.put(user.sub(), current.with(credential, now), current.version(), Optional.empty(), leader);
        return new TestPasskey(credential.credentialId(), key, user.sub().getBytes(StandardCharsets.UTF_8));
    }

    /** A passkey held by a test: it counts up by one at each honest answer. */
    public static final class TestPasskey implements PasskeyAssertionsContract.Passkey {
        private final String credentialId;
        private final byte[] key;
        private final byte[] userHandle;
        private long count;

        private TestPasskey(String credentialId, byte[] key, byte[] userHandle) {
            this.credentialId = credentialId;
            this.key = key;
            this.userHandle = userHandle;
        }

        @Override
        public String credentialId() {
            return credentialId;
        }

        @Override
        public String answer(String requestOptionsJson) {
            return answer(requestOptionsJson, RELYING_PARTY.origins().getFirst(), null, ++count, false);
        }

        @Override
        public String answerWithCount(String requestOptionsJson, long signCount) {
            return answer(requestOptionsJson, RELYING_PARTY.origins().getFirst(), null, signCount, false);
        }

        @Override
        public String answerFromOrigin(String requestOptionsJson, String origin) {
            return answer(requestOptionsJson, origin, null, ++count, false);
        }

        @Override
        public String answerForRelyingParty(String requestOptionsJson, String relyingPartyId) {
            return answer(requestOptionsJson, RELYING_PARTY.origins().getFirst(), relyingPartyId, ++count, false);
        }

        @Override
        public String answerWithBrokenSignature(String requestOptionsJson) {
            return answer(requestOptionsJson, RELYING_PARTY.origins().getFirst(), null, ++count, true);
        }

        private String answer(String optionsJson, String origin, String relyingPartyId, long signCount, boolean broken) {
            Map<String, Object> options;
            try {
                options = JSONObjectUtils.parse(optionsJson);
            } catch (ParseException e) {
                throw new IllegalArgumentException("options are not JSON", e);
            }
            var answer = new LinkedHashMap<String, Object>();
            answer.put("id", credentialId);
            answer.put("challenge", options.get("challenge"));
            answer.put("origin", origin);
            answer.put("rpId", relyingPartyId != null ? relyingPartyId : options.get("rpId"));
            answer.put("signCount", signCount);
            answer.put("userHandle", BASE64URL.encodeToString(userHandle));
            byte[] mac = mac(key, signed(answer));
            if (broken) {
                mac[0] ^= 1;
            }
            answer.put("mac", BASE64URL.encodeToString(mac));
            return JSONObjectUtils.toJSONString(answer);
        }
    }

    private static String signed(Map<String, Object> answer) {
        return answer.get("id") + "|" + answer.get("challenge") + "|" + answer.get("origin") + "|" + answer.get("rpId")
                + "|" + answer.get("signCount") + "|" + answer.get("userHandle");
    }

    private static byte[] mac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks a {@link TestPasskey}'s answers in place of the WebAuthn cryptography. */
    private static final class StandIn implements WebAuthnVerifier {
        @Override
        public NewCredential register(String registrationResponseJson, Expectation expected) {
            throw new UnsupportedOperationException("TestPasskeys registers directly in the store");
        }

        @Override
        public VerifiedAssertion authenticate(String json, Expectation expected, List<PasskeyCredential> allowed) {
            Map<String, Object> answer;
            String id;
            String challenge;
            String origin;
            String relyingPartyId;
            String userHandle;
            String mac;
            Number signCount;
            try {
                answer = JSONObjectUtils.parse(json);
                id = JSONObjectUtils.getString(answer, "id");
                challenge = JSONObjectUtils.getString(answer, "challenge");
                origin = JSONObjectUtils.getString(answer, "origin");
                relyingPartyId = JSONObjectUtils.getString(answer, "rpId");
                userHandle = JSONObjectUtils.getString(answer, "userHandle");
                mac = JSONObjectUtils.getString(answer, "mac");
                signCount = (Number) answer.get("signCount");
            } catch (ParseException | RuntimeException e) {
                throw new Refused(Reason.MALFORMED);
            }
            if (id == null || challenge == null || origin == null || relyingPartyId == null || mac == null
                    || signCount == null || userHandle == null) {
                throw new Refused(Reason.MALFORMED);
            }
            PasskeyCredential credential = allowed.stream().filter(c -> c.credentialId().equals(id)).findFirst()
                    .orElseThrow(() -> new Refused(Reason.UNKNOWN_CREDENTIAL));
            byte[] expectedMac = mac(BASE64URL_DECODER.decode(credential.publicKey()), signed(answer));
            if (!MessageDigest.isEqual(expectedMac, BASE64URL_DECODER.decode(mac))) {
                throw new Refused(Reason.INVALID);
            }
            if (!challenge.equals(BASE64URL.encodeToString(expected.challenge()))) {
                throw new Refused(Reason.CHALLENGE);
            }
            if (!expected.origins().contains(origin)) {
                throw new Refused(Reason.ORIGIN);
            }
            if (!expected.relyingPartyId().equals(relyingPartyId)) {
                throw new Refused(Reason.RELYING_PARTY);
            }
            return new VerifiedAssertion(id, signCount.longValue(), Optional.of(BASE64URL_DECODER.decode(userHandle)));
        }
    }
}
