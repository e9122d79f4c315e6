package io.cognate.domain.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.AppClient;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.testing.LocalRsaSigner;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
    private static final String ISSUER = "https://auth.example.com";
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final KeyPair KEYS = LocalRsaSigner.newKeyPair();

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TokenIssuer issuer = new TokenIssuer(ISSUER, new LocalRsaSigner(KEYS), clock);
    private final AppClient client = new AppClient("client1", "web", Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH),
            Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30));
    private final User user = new User("sub-1", Username.of("Alice"), UserStatus.CONFIRMED, true,
            Map.of("email", "alice@example.com", "email_verified", "true"), "$argon2id$x", Optional.empty(), NOW, NOW);

    @Test
    void issuesCognitoShapedClaims() throws Exception {
        IssuedTokens tokens = issuer.issue(user, client, NOW.minusSeconds(5), "origin-1");
        var verifier = TokenVerifier.forKey(ISSUER, issuer.signingKey(), clock);

        var access = verifier.verify(tokens.accessToken(), TokenUse.ACCESS).claims();
        assertThat(access.getSubject()).isEqualTo("sub-1");
        assertThat(access.getClaim("client_id")).isEqualTo("client1");
        assertThat(access.getClaim("username")).isEqualTo("Alice");
        assertThat(access.getClaim("token_use")).isEqualTo("access");
        assertThat(access.getClaim("origin_jti")).isEqualTo("origin-1");
        assertThat(access.getClaim("auth_time")).isEqualTo(NOW.minusSeconds(5).getEpochSecond());
        assertThat(access.getJWTID()).isNotBlank();
        assertThat(access.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(3600));

        var id = verifier.verify(tokens.idToken(), TokenUse.ID).claims();
        assertThat(id.getAudience()).containsExactly("client1");
        assertThat(id.getClaim("cognito:username")).isEqualTo("Alice");
        assertThat(id.getClaim("email_verified")).isEqualTo(true);
        assertThat(id.getJWTID()).isNotEqualTo(access.getJWTID());
    }

    /** Finding 6 of the security review: every attribute, custom ones too, went into every ID token. */
    @Test
    void finding6AnIdTokenCarriesOnlyTheAttributesItsClientMayRead() throws Exception {
        User withCustom = new User("sub-2", Username.of("Bob"), UserStatus.CONFIRMED, true,
                Map.of("email", "bob@example.com", "email_verified", "true", "name", "Bob", "custom:role", "admin"),
                "$argon2id$x", Optional.empty(), NOW, NOW);
        AppClient reading = client.withAttributes(Set.of("email", "email_verified"), Set.of());
        var verifier = TokenVerifier.forKey(ISSUER, issuer.signingKey(), clock);

        var id = verifier.verify(issuer.issue(withCustom, reading, NOW, "o").idToken(), TokenUse.ID).claims();
        assertThat(id.getClaims()).containsEntry("email", "bob@example.com").containsEntry("email_verified", true)
                .doesNotContainKeys("name", "custom:role");
        assertThat(id.getSubject()).isEqualTo("sub-2");

        var everything = verifier.verify(issuer.issue(withCustom, client, NOW, "o").idToken(), TokenUse.ID).claims();
        assertThat(everything.getClaims()).as("a client that lists nothing reads every attribute")
                .containsEntry("name", "Bob").containsEntry("custom:role", "admin");
    }

    @Test
    void refusesAnIdTokenWhereAnAccessTokenIsExpected() {
        IssuedTokens tokens = issuer.issue(user, client, NOW, "o");
        var verifier = TokenVerifier.forKey(ISSUER, issuer.signingKey(), clock);
        assertThatThrownBy(() -> verifier.verify(tokens.idToken(), TokenUse.ACCESS)).isInstanceOf(TokenRejected.class);
    }

    @Test
    void refusesExpiredTokensAndOtherIssuers() {
        IssuedTokens tokens = issuer.issue(user, client, NOW, "o");
        var later = Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC);
        assertThatThrownBy(() -> TokenVerifier.forKey(ISSUER, issuer.signingKey(), later).verify(tokens.accessToken(), TokenUse.ACCESS))
                .isInstanceOfSatisfying(TokenRejected.class, e -> assertThat(e.isExpiry()).isTrue());
        assertThatThrownBy(() -> TokenVerifier.forKey("https://evil.example", issuer.signingKey(), clock).verify(tokens.accessToken(), TokenUse.ACCESS))
                .hasMessage("wrong issuer");
    }

    @Test
    void refusesTokensSignedByAnotherKeyEvenWithTheRightKid() {
        var forger = new TokenIssuer(ISSUER, LocalRsaSigner.withNewKey(), clock) ;
        String forged = forger.issue(user, client, NOW, "o").accessToken();
        // Swap the forger's kid for the real one: the signature must still fail.
        String[] parts = forged.split("\\.");
        String header = com.nimbusds.jose.util.Base64URL.encode(
                parts[0].isEmpty() ? "" : new String(com.nimbusds.jose.util.Base64URL.from(parts[0]).decode())
                        .replace(forger.signingKey().keyId(), issuer.signingKey().keyId())).toString();
        String tampered = header + "." + parts[1] + "." + parts[2];
        assertThatThrownBy(() -> TokenVerifier.forKey(ISSUER, issuer.signingKey(), clock).verify(tampered, TokenUse.ACCESS))
                .hasMessage("bad signature");
    }

    @Test
    void kidIsTheKeyThumbprintSoEveryRegionAgrees() {
        assertThat(SigningKey.of((RSAPublicKey) KEYS.getPublic()).keyId())
                .isEqualTo(issuer.signingKey().keyId())
                .hasSize(43);
    }
}
