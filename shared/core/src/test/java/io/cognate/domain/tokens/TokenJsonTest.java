package io.cognate.domain.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token JSON written here against Nimbus's, byte for byte: what a token signs must not change. */
class TokenJsonTest {

    @Property(tries = 400)
    void claimsAreWrittenAsNimbusWritesThem(@ForAll("claimSets") JWTClaimsSet claims) {
        assertThat(TokenJson.claims(claims)).contains(claims.toString());
    }

    @Property(tries = 200)
    void theHeaderIsWrittenAsNimbusWritesIt(@ForAll("names") String keyId, @ForAll("types") String type) {
        var header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId);
        if (!type.isEmpty()) {
            header.type(new JOSEObjectType(type));
        }
        assertThat(TokenJson.rs256Header(keyId, type.isEmpty() ? null : type)).isEqualTo(header.build().toString());
    }

    @Test
    void everyEscapeGsonWrites() {
        var text = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            text.append(c);
        }
        text.append("\u2028\u2029\u00e9\ud83d\ude00<>&='");
        var claims = new JWTClaimsSet.Builder().subject(text.toString()).claim(text.toString(), List.of(text.toString()))
                .build();
        assertThat(TokenJson.claims(claims)).contains(claims.toString());
    }

    @Test
    void theAudienceIsAStringWhenSingleAListWhenManyAndLeftOutWhenNone() {
        for (var claims : List.of(new JWTClaimsSet.Builder().audience("one").build(),
                new JWTClaimsSet.Builder().audience(List.of("one", "two")).build(),
                new JWTClaimsSet.Builder().audience(List.of()).issuer("i").build(),
                new JWTClaimsSet.Builder().claim("aud", null).build())) {
            assertThat(TokenJson.claims(claims)).contains(claims.toString());
        }
    }

    /** What is not written here is left to Nimbus: the issuer falls back to it, so the token is the same. */
    @ParameterizedTest
    @ValueSource(strings = {"nan", "infinity", "nested date", "object", "number key"})
    void whatIsNotWrittenHereIsLeftToNimbus(String kind) {
        Object value = switch (kind) {
            case "nan" -> Double.NaN;
            case "infinity" -> Float.POSITIVE_INFINITY;
            case "nested date" -> Map.of("at", new Date(0));
            case "object" -> List.of(new Object());
            default -> Map.of(1, "one");
        };
        assertThat(TokenJson.claims(new JWTClaimsSet.Builder().claim("x", value).build())).isEmpty();
    }

    /** RFC 7638's thumbprint, the kid, as Nimbus computes it, for the key sizes and exponents a KMS key can have. */
    @ParameterizedTest
    @ValueSource(ints = {2048, 3072})
    void theKeyIdIsNimbusThumbprint(int bits) throws Exception {
        for (BigInteger exponent : List.of(RSAKeyGenParameterSpec.F4, BigInteger.valueOf(3))) {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, exponent));
            var publicKey = (RSAPublicKey) generator.generateKeyPair().getPublic();
            assertThat(SigningKey.of(publicKey).keyId())
                    .isEqualTo(new RSAKey.Builder(publicKey).build().computeThumbprint().toString());
        }
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(12), Arbitraries.strings().alpha().numeric()
                .withChars("-_").ofLength(43));
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.of("", "JWT", "at+jwt", "a\"b\\c\u2028");
    }

    @Provide
    Arbitrary<JWTClaimsSet> claimSets() {
        Arbitrary<List<String>> audiences = Arbitraries.strings().ofMaxLength(10).list().ofMaxSize(3);
        Arbitrary<Map<String, Object>> custom = Arbitraries.maps(names(), values(2)).ofMaxSize(6);
        Arbitrary<Date> dates = Arbitraries.longs().between(0, 4_102_444_800_000L).map(Date::new);
        return Combinators.combine(names(), audiences, dates, custom, Arbitraries.of(true, false))
                .as((subject, audience, date, claims, standardFirst) -> {
                    var builder = new JWTClaimsSet.Builder();
                    if (!standardFirst) {
                        claims.forEach(builder::claim);
                    }
                    builder.subject(subject).audience(audience).issueTime(date).expirationTime(date)
                            .jwtID(subject).claim("version", 2).claim("auth_time", date.getTime() / 1000);
                    if (standardFirst) {
                        claims.forEach(builder::claim);
                    }
                    return builder.build();
                });
    }

    private Arbitrary<Object> values(int depth) {
        List<Arbitrary<?>> kinds = new ArrayList<>(List.of(
                Arbitraries.strings().all().ofMaxLength(10),
                Arbitraries.integers(),
                Arbitraries.longs(),
                Arbitraries.shorts(),
                Arbitraries.bytes(),
                Arbitraries.doubles(),
                Arbitraries.floats(),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e12"), new BigDecimal("1e12")).ofScale(4),
                Arbitraries.of(true, false),
                Arbitraries.just(null)));
        if (depth > 0) {
            kinds.add(values(depth - 1).list().ofMaxSize(3));
            kinds.add(Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(6), values(depth - 1)).ofMaxSize(3)
                    .map(LinkedHashMap::new));
        }
        return Arbitraries.oneOf(kinds.stream().map(kind -> kind.map(value -> (Object) value)).toList());
    }
}
