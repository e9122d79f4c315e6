package io.cognate.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cognate.domain.tokens.SigningKey;
import io.cognate.domain.tokens.TokenRejected;
import io.cognate.domain.tokens.TokenUse;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.testing.LocalRsaSigner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every token of the attack corpus is refused by the verifier, as a {@link TokenRejected} and nothing else. */
class TokenVerifierAttackTest {
    private static final String ISSUER = "https://auth.example.com";
    private static final String CLIENT = "client1";
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final LocalRsaSigner KEY = LocalRsaSigner.withNewKey();

    private final AttackCorpus corpus = new AttackCorpus(KEY, ISSUER, CLIENT, NOW);

    private TokenVerifier verifier(int cacheCapacity) {
        return TokenVerifier.builder(ISSUER, Clock.fixed(NOW, ZoneOffset.UTC))
                .key(SigningKey.of(KEY.publicKey()))
                .allowedClientIds(Set.of(CLIENT))
                .cacheCapacity(cacheCapacity)
                .build();
    }

    @Test
    void theCorpusBaseIsAValidToken() throws TokenRejected {
        assertThat(verifier(0).verify(corpus.validToken(), TokenUse.ACCESS).clientId()).isEqualTo(CLIENT);
    }

    @Test
    void everyAttackIsRejectedWithoutAnyOtherException() {
        for (int cache : new int[] {0, 16}) {
            TokenVerifier verifier = verifier(cache);
            assertThat(corpus.attacks()).hasSizeGreaterThan(40).allSatisfy(attack -> {
                Throwable thrown = catchThrowable(() -> verifier.verify(attack.token(), TokenUse.ACCESS));
                assertThat(thrown).as(attack.name()).isInstanceOf(TokenRejected.class);
            });
            // Only a genuine token is ever cached: here the ID token, refused only because the caller wants an access token.
            assertThat(verifier.cachedTokens()).isEqualTo(cache == 0 ? 0 : 1);
        }
    }

    @Test
    void eachClaimAttackFailsOnItsOwnRule() {
        TokenVerifier verifier = verifier(0);
        var reasons = new java.util.LinkedHashMap<String, String>();
        for (var attack : corpus.attacks()) {
            try {
                verifier.verify(attack.token(), TokenUse.ACCESS);
            } catch (TokenRejected rejected) {
                reasons.put(attack.name(), rejected.getMessage());
            }
        }
        assertThat(reasons)
                .containsEntry("alg none, with the real signature", "algorithm not allowed")
                .containsEntry("HS256 keyed with the public key (DER)", "algorithm not allowed")
                .containsEntry("unknown kid", "unknown key id")
                .containsEntry("kid holding ../../../../../../dev/null", "unknown key id")
                .containsEntry("kid holding x' OR '1'='1", "unknown key id")
                .containsEntry("embedded jwk of the attacker's key", "header parameters not allowed")
                .containsEntry("jku to the attacker's JWKS", "header parameters not allowed")
                .containsEntry("x5u to the attacker's certificate", "header parameters not allowed")
                .containsEntry("signature by another RSA key with the real kid", "bad signature")
                .containsEntry("expired", "token has expired")
                .containsEntry("not yet valid (nbf)", "not yet valid")
                .containsEntry("issued in the future", "issued in the future")
                .containsEntry("wrong iss", "wrong issuer")
                .containsEntry("iss with a trailing slash", "wrong issuer")
                .containsEntry("wrong client_id", "client not allowed")
                .containsEntry("ID token used as an access token", "wrong token_use")
                .containsEntry("ID token claims under an access typ", "typ and token_use disagree")
                .containsEntry("duplicate token_use claim", "malformed token")
                .containsEntry("duplicate alg header", "malformed token")
                .containsEntry("non-canonical signature encoding", "not base64url")
                .containsEntry("over 16 KB, signed with the real key", "token too large")
                .containsEntry("one payload character changed", "bad signature");
    }

    @Test
    void aJavaNullOrEmptyTokenIsRejectedToo() {
        assertThatCode(() -> {
            for (String token : new String[] {null, "", " ", "."}) {
                assertThat(catchThrowable(() -> verifier(0).verify(token, TokenUse.ACCESS))).isInstanceOf(TokenRejected.class);
            }
        }).doesNotThrowAnyException();
    }
}
