package io.cognate.domain.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cognate.domain.AppClient;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.testing.LocalRsaSigner;
import io.cognate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    private static final String ISSUER = "https://auth.example.com";
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final LocalRsaSigner SIGNER = LocalRsaSigner.withNewKey();

    private final MutableClock clock = new MutableClock(NOW);
    private final TokenIssuer issuer = new TokenIssuer(ISSUER, SIGNER, clock);
    private final AppClient client = new AppClient("client1", "web", Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH),
            Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30));
    private final User user = new User("sub-1", Username.of("alice"), UserStatus.CONFIRMED, true,
            Map.of("email", "alice@example.com"), "$argon2id$x", Optional.empty(), NOW, NOW);

    private TokenVerifier.Builder verifier() {
        return TokenVerifier.builder(ISSUER, clock).key(SigningKey.of(SIGNER.publicKey()));
    }

    private IssuedTokens tokens() {
        return issuer.issue(user, client, clock.instant(), "origin-1");
    }

    /** The token a property alters, signed once per property rather than once per try (3,000 RSA signatures). */
    private String mutationTarget;

    /** One verifier for all tries of a property (a small cache, so tries also run through eviction). */
    private TokenVerifier sharedVerifier;

    private TokenVerifier sharedVerifier() {
        if (sharedVerifier == null) {
            sharedVerifier = verifier().cacheCapacity(4).build();
        }
        return sharedVerifier;
    }

    private String mutationTarget() {
        if (mutationTarget == null) {
            mutationTarget = tokens().accessToken();
        }
        return mutationTarget;
    }

    @Test
    void acceptsTokensUpToTheClockSkewAfterExpiryAndNotBeyond() throws TokenRejected {
        String token = tokens().accessToken();
        TokenVerifier verifier = verifier().clockSkew(Duration.ofSeconds(30)).build();
        clock.set(NOW.plus(Duration.ofHours(1)).plusSeconds(29));
        assertThat(verifier.verify(token, TokenUse.ACCESS).subject()).isEqualTo("sub-1");
        clock.set(NOW.plus(Duration.ofHours(1)).plusSeconds(30));
        assertThatThrownBy(() -> verifier.verify(token, TokenUse.ACCESS))
                .isInstanceOfSatisfying(TokenRejected.class, e -> assertThat(e.kind()).isEqualTo(TokenRejected.Kind.EXPIRED));
    }

    @Test
    void acceptsAnIatSlightlyAheadOfThisClockButNotMoreThanTheSkew() throws TokenRejected {
        String token = tokens().accessToken();
        clock.set(NOW.minusSeconds(59));
        assertThat(verifier().build().verify(token, TokenUse.ACCESS)).isNotNull();
        clock.set(NOW.minusSeconds(61));
        assertThatThrownBy(() -> verifier().build().verify(token, TokenUse.ACCESS)).hasMessage("issued in the future");
    }

    @Test
    void refusesASkewAllowanceBeyondTheBound() {
        assertThatThrownBy(() -> verifier().clockSkew(Duration.ofMinutes(6)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier().clockSkew(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requiredScopesMustAllBePresent() throws TokenRejected {
        String m2m = issuer.issueClientCredentials(client.withOAuth(Set.of(AppClient.CLIENT_CREDENTIALS),
                Set.of("orders/read", "orders/write")), List.of("orders/read"));
        TokenVerifier verifier = verifier().build();
        assertThat(verifier.verify(m2m, TokenRequirements.accessWithScopes(Set.of("orders/read"))).scopes())
                .containsExactly("orders/read");
        assertThatThrownBy(() -> verifier.verify(m2m, TokenRequirements.accessWithScopes(Set.of("orders/read", "orders/write"))))
                .isInstanceOfSatisfying(TokenRejected.class,
                        e -> assertThat(e.kind()).isEqualTo(TokenRejected.Kind.INSUFFICIENT_SCOPE));
        // Cognate's own operations demand the admin scope that user tokens carry and M2M tokens lack.
        TokenVerifier own = verifier().requiredAccessScopes(Set.of(TokenIssuer.ADMIN_SCOPE)).build();
        assertThat(own.verify(tokens().accessToken(), TokenUse.ACCESS)).isNotNull();
        assertThatThrownBy(() -> own.verify(m2m, TokenUse.ACCESS)).isInstanceOf(TokenRejected.class);
    }

    @Test
    void clientCredentialsTokensNameTheClientAndNoUser() throws TokenRejected {
        String m2m = issuer.issueClientCredentials(client, List.of("orders/read"));
        VerifiedToken token = verifier().build().verify(m2m, TokenUse.ACCESS);
        assertThat(token.subject()).isEqualTo("client1");
        assertThat(token.clientId()).isEqualTo("client1");
        assertThat(token.originJti()).isEmpty();
        assertThat(token.claims().getClaim("username")).isNull();
        assertThat(token.expiresAt()).isEqualTo(NOW.plus(client.accessTokenValidity()));
    }

    @Test
    void theCacheServesARepeatedTokenButStillAppliesEachCallersRules() throws TokenRejected {
        TokenVerifier verifier = verifier().cacheCapacity(8).build();
        String access = tokens().accessToken();
        VerifiedToken first = verifier.verify(access, TokenUse.ACCESS);
        VerifiedToken second = verifier.verify(new String(access.toCharArray()), TokenUse.ACCESS);
        assertThat(second).isSameAs(first);
        assertThat(verifier.cachedTokens()).isEqualTo(1);
        assertThatThrownBy(() -> verifier.verify(access, TokenUse.ID)).hasMessage("wrong token_use");
        assertThatThrownBy(() -> verifier.verify(access, TokenRequirements.accessWithScopes(Set.of("orders/read"))))
                .isInstanceOf(TokenRejected.class);
    }

    @Test
    void aCachedTokenIsNeverServedPastItsExpiry() throws TokenRejected {
        TokenVerifier verifier = verifier().cacheCapacity(8).clockSkew(Duration.ZERO).build();
        String access = tokens().accessToken();
        verifier.verify(access, TokenUse.ACCESS);
        clock.set(NOW.plus(Duration.ofHours(1)).minusMillis(1));
        assertThat(verifier.verify(access, TokenUse.ACCESS)).isNotNull();
        clock.set(NOW.plus(Duration.ofHours(1)));
        assertThatThrownBy(() -> verifier.verify(access, TokenUse.ACCESS))
                .isInstanceOfSatisfying(TokenRejected.class, e -> assertThat(e.isExpiry()).isTrue());
        assertThat(verifier.cachedTokens()).isZero();
    }

    // Each try signs a token per origin: 10 tries of up to 40 keep it to a few hundred RSA signatures.
    @Property(tries = 10)
    void theCacheStaysWithinItsCapacity(@ForAll @Size(min = 17, max = 40) List<@IntRange(max = 10_000) Integer> origins)
            throws TokenRejected {
        TokenVerifier verifier = verifier().cacheCapacity(16).build();
        for (int origin : origins) {
            clock.advance(Duration.ofMillis(1));
            verifier.verify(issuer.issue(user, client, clock.instant(), "o-" + origin).accessToken(), TokenUse.ACCESS);
            assertThat(verifier.cachedTokens()).isLessThanOrEqualTo(16);
        }
    }

    @Test
    void theRevocationCheckRunsOnEveryUseCachedOrNot() throws TokenRejected {
        AtomicInteger asked = new AtomicInteger();
        var revoked = new java.util.concurrent.atomic.AtomicBoolean();
        TokenVerifier verifier = verifier().cacheCapacity(8).revocationCheck(token -> {
            asked.incrementAndGet();
            return revoked.get();
        }).build();
        String access = tokens().accessToken();
        verifier.verify(access, TokenUse.ACCESS);
        verifier.verify(access, TokenUse.ACCESS);
        revoked.set(true);
        assertThatThrownBy(() -> verifier.verify(access, TokenUse.ACCESS))
                .isInstanceOfSatisfying(TokenRejected.class, e -> assertThat(e.kind()).isEqualTo(TokenRejected.Kind.REVOKED));
        assertThat(asked).hasValue(3);
    }

    @Property(tries = 2000)
    void anyStringIsATokenRejectedNeverAnotherException(@ForAll @StringLength(max = 400) String text) {
        TokenVerifier verifier = sharedVerifier();
        assertThat(catchThrowable(() -> verifier.verify(text, TokenUse.ACCESS))).isInstanceOf(TokenRejected.class);
    }

    @Property(tries = 2000)
    void anyThreePartStringIsATokenRejectedNeverAnotherException(
            @ForAll @CharRange(from = 0x2d, to = 0x7a) @StringLength(max = 400) String text) {
        TokenVerifier verifier = sharedVerifier();
        assertThat(catchThrowable(() -> verifier.verify(text + "." + text + "." + text, TokenUse.ACCESS)))
                .isInstanceOf(TokenRejected.class);
    }

    @Property(tries = 3000)
    void changingAnyOneCharacterOfAValidTokenMakesItInvalid(
            @ForAll @DoubleRange(max = 1, maxIncluded = false) double where,
            @ForAll @Chars({'-', '_', '.', '=', '+', '/', ' '}) @CharRange(from = 'A', to = 'Z')
            @CharRange(from = 'a', to = 'z') @CharRange(from = '0', to = '9') char replacement) {
        String access = mutationTarget();
        TokenVerifier verifier = sharedVerifier();
        int index = (int) (where * access.length());
        Assume.that(access.charAt(index) != replacement);
        String mutated = access.substring(0, index) + replacement + access.substring(index + 1);
        assertThat(catchThrowable(() -> verifier.verify(mutated, TokenUse.ACCESS)))
                .as("position %d", index).isInstanceOf(TokenRejected.class);
    }

    @Test
    void idTokensNeedTheirSingleAudienceInTheAllowedClients() throws TokenRejected {
        String id = tokens().idToken();
        assertThat(verifier().allowedClientIds(Set.of("client1")).build().verify(id, TokenUse.ID).clientId())
                .isEqualTo("client1");
        assertThatThrownBy(() -> verifier().allowedClientIds(Set.of("other")).build().verify(id, TokenUse.ID))
                .hasMessage("client not allowed");
    }
}
