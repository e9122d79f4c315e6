package io.cognate.domain.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.StringArbitrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict reader against Nimbus's {@code JSONObjectUtils}: the same values on every valid document, and strictness where RFC 8259 asks for it. */
class StrictJsonTest {

    @Property(tries = 400)
    void readsWhatNimbusWritesAsNimbusReadsIt(@ForAll("objects") Map<String, Object> claims) throws ParseException {
        String json = JSONObjectUtils.toJSONString(claims);
        assertThat(StrictJson.parseObject(json)).isEqualTo(JSONObjectUtils.parse(json));
    }

    @Property(tries = 200)
    void whitespaceBetweenTokensChangesNothing(@ForAll("objects") Map<String, Object> claims) throws ParseException {
        String json = spacedOutsideStrings(JSONObjectUtils.toJSONString(claims));
        assertThat(StrictJson.parseObject(json)).isEqualTo(JSONObjectUtils.parse(json));
    }

    @Test
    void spacingLeavesStringsAlone() throws ParseException {
        String json = spacedOutsideStrings("{\"a\":\"x,\",\"b\":[\"{:]\"]}");
        assertThat(StrictJson.parseObject(json)).isEqualTo(Map.of("a", "x,", "b", List.of("{:]")))
                .isEqualTo(JSONObjectUtils.parse(json));
    }

    /**
     * {@code json} with spaces, tabs and line breaks around every structural character outside
     * strings only: a string's own commas, colons and brackets stay as they are (a replace over the
     * whole text once put a line break inside a string value ending in a comma, which RFC 8259
     * refuses and a lenient reader does not).
     */
    private static String spacedOutsideStrings(String json) {
        var out = new StringBuilder();
        boolean inString = false;
        boolean escaped = false;
        for (char c : json.toCharArray()) {
            if (inString) {
                out.append(c);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (c == ',' || c == ':') {
                out.append(' ').append(c).append(" \r\n\t");
            } else if (c == '{' || c == '[') {
                out.append(c).append(' ');
            } else if (c == '}' || c == ']') {
                out.append(" \n").append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void aCognitoAccessTokensClaims() throws ParseException {
        String json = "{\"sub\":\"6f0e3c1a\",\"cognito:groups\":[\"admins\",\"staff\"],\"iss\":\"https://auth.example.com\","
                + "\"token_use\":\"access\",\"scope\":\"aws.cognito.signin.user.admin\",\"auth_time\":1764680000,"
                + "\"exp\":1764683600,\"iat\":1764680000,\"big\":12345678901234567890,\"ratio\":-0.5e-3,\"zero\":-0,"
                + "\"esc\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\",\"none\":null,\"yes\":true,\"nested\":{\"a\":[1,{\"b\":false}]}}";
        Map<String, Object> claims = StrictJson.parseObject(json);
        assertThat(claims).isEqualTo(JSONObjectUtils.parse(json));
        assertThat(claims.get("exp")).isEqualTo(1764683600L);
        assertThat(claims.get("big")).isInstanceOf(Double.class);
        assertThat(claims.get("zero")).isEqualTo(0L);
        assertThat(claims.get("esc")).isEqualTo("a\"b\\c/d\b\f\n\r\té\uD83D\uDE00");
        assertThat(claims.keySet()).startsWith("sub", "cognito:groups", "iss");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "[]", "\"x\"", "1", "null",
            "{", "{\"a\":1", "{\"a\":1,}", "{,}", "{\"a\" 1}", "{\"a\":}", "{a:1}", "{'a':1}", "{\"a\":'x'}",
            "{\"a\":1}{}", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "{\"a\":null,\"a\":null}",
            "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":-}", "{\"a\":0x10}",
            "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}", "{\"a\":1e400}",
            "{\"a\":tru}", "{\"a\":True}", "{\"a\":nul}", "{\"a\":[1,]}", "{\"a\":[,1]}", "{\"a\":[1 2]}",
            "{\"a\":\"x}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"tab\there\"}",
            "{\"a\":\"new\nline\"}", "{/*c*/\"a\":1}", "{\"a\":1}//c", "{\"a\":1;\"b\":2}", "{\"a\"=1}",
    })
    void refusesWhatRfc8259Refuses(String json) {
        assertThatThrownBy(() -> StrictJson.parseObject(json)).isInstanceOf(ParseException.class);
    }

    @Test
    void refusesNestingBeyondTheLimit() throws ParseException {
        String ok = "{\"a\":".repeat(StrictJson.MAX_DEPTH - 1) + "{}" + "}".repeat(StrictJson.MAX_DEPTH - 1);
        assertThat(StrictJson.parseObject(ok)).isNotNull();
        String deep = "{\"a\":".repeat(StrictJson.MAX_DEPTH) + "{}" + "}".repeat(StrictJson.MAX_DEPTH);
        assertThatThrownBy(() -> StrictJson.parseObject(deep)).isInstanceOf(ParseException.class);
        String arrays = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> StrictJson.parseObject(arrays)).isInstanceOf(ParseException.class);
    }

    @Test
    void aCallerMayAllowDeeperNesting() throws ParseException {
        String item = "{\"a\":".repeat(66) + "{}" + "}".repeat(66);
        assertThatThrownBy(() -> StrictJson.parseObject(item)).isInstanceOf(ParseException.class);
        assertThat(StrictJson.parseObject(item, 67)).isNotNull();
        assertThatThrownBy(() -> StrictJson.parseObject(item, 66)).isInstanceOf(ParseException.class);
    }

    @Provide
    Arbitrary<Map<String, Object>> objects() {
        return object(3);
    }

    private Arbitrary<Map<String, Object>> object(int depth) {
        return Arbitraries.maps(names(), value(depth)).ofMaxSize(8).map(LinkedHashMap::new);
    }

    private Arbitrary<Object> value(int depth) {
        List<Arbitrary<?>> choices = new ArrayList<>(List.of(
                text(), Arbitraries.longs(), Arbitraries.integers(),
                Arbitraries.doubles().filter(d -> !d.isNaN() && !d.isInfinite()),
                Arbitraries.of(true, false), Arbitraries.just(null)));
        if (depth > 0) {
            choices.add(Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(4));
            choices.add(Arbitraries.lazy(() -> object(depth - 1)));
        }
        @SuppressWarnings("unchecked")
        Arbitrary<Object>[] all = choices.stream().map(a -> (Arbitrary<Object>) a).toArray(Arbitrary[]::new);
        return Arbitraries.oneOf(List.of(all));
    }

    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.of("sub", "iss", "exp", "cognito:groups", "custom:x"), text().ofMaxLength(12)));
    }

    private static StringArbitrary text() {
        return Arbitraries.strings().all().ofMaxLength(24);
    }
}
