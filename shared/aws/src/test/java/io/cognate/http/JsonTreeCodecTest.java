package io.cognate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.ListArbitrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The codec's trees and text against ObjectMapper's, the implementation it stands in for. */
class JsonTreeCodecTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** What the Cognito endpoint configured before the codec: the strict reader must refuse what it refused. */
    private static final ObjectMapper STRICT_MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonTreeCodec STRICT = JsonTreeCodec.strict(32, 64 * 1024);

    static {
        STRICT_MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxStringLength(64 * 1024).build());
    }

    @Property(tries = 300)
    void writesWhatObjectMapperWrites(@ForAll("trees") JsonNode tree) throws Exception {
        assertThat(JsonTreeCodec.LENIENT.write(tree)).isEqualTo(MAPPER.writeValueAsString(tree));
        assertThat(JsonTreeCodec.LENIENT.writeBytes(tree)).isEqualTo(MAPPER.writeValueAsBytes(tree));
    }

    @Property(tries = 300)
    void readsTheTreeObjectMapperReads(@ForAll("trees") JsonNode tree) throws Exception {
        String text = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        assertThat(JsonTreeCodec.LENIENT.read(text)).isEqualTo(MAPPER.readTree(text));
        // The bytes read by both: a lone surrogate in a generated string does not survive encoding.
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonNode expected = MAPPER.readTree(bytes);
        assertThat(JsonTreeCodec.LENIENT.read(bytes)).isEqualTo(expected);
        assertThat(JsonTreeCodec.LENIENT.read(new ByteArrayInputStream(bytes))).isEqualTo(expected);
        assertThat(STRICT.read(bytes)).isEqualTo(expected);
    }

    /** Every kind of number keeps the node type ObjectMapper gives it: an int is no long, a long no BigInteger. */
    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
            "9223372036854775808", "123456789012345678901234567890", "1.5", "-0.0", "1e3", "1E-7", "3.4028235E38",
            "1.7976931348623157E309", "0.1000000000000000055511151231257827", "true", "false", "null", "\"\\u00e9\\ud83d\\ude00\""})
    void scalarsAsObjectMapperReadsAndWritesThem(String scalar) throws Exception {
        String text = "{\"v\":" + scalar + ",\"a\":[" + scalar + "]}";
        JsonNode expected = MAPPER.readTree(text);
        JsonNode read = JsonTreeCodec.LENIENT.read(text);
        assertThat(read).isEqualTo(expected);
        assertThat(read.get("v").getNodeType()).isEqualTo(expected.get("v").getNodeType());
        assertThat(read.get("v").getClass()).isEqualTo(expected.get("v").getClass());
        assertThat(JsonTreeCodec.LENIENT.write(read)).isEqualTo(MAPPER.writeValueAsString(expected));
    }

    @Test
    void aRepeatedMemberKeepsItsFirstPlaceAndItsLastValueWhenNotStrict() throws Exception {
        String text = "{\"a\":1,\"b\":2,\"a\":{\"c\":3}}";
        assertThat(JsonTreeCodec.LENIENT.read(text)).isEqualTo(MAPPER.readTree(text));
        assertThat(JsonTreeCodec.LENIENT.write(JsonTreeCodec.LENIENT.read(text))).isEqualTo("{\"a\":{\"c\":3},\"b\":2}");
    }

    @Test
    void whiteSpaceAloneIsTheMissingNode() throws Exception {
        assertThat(JsonTreeCodec.LENIENT.read(" \n")).isSameAs(MissingNode.getInstance());
        assertThat(STRICT.read(new byte[] {' '})).isSameAs(MissingNode.getInstance());
        assertThat(MAPPER.readTree(" \n").isMissingNode()).isTrue();
    }

    @Test
    void missingAndBinaryNodesAreWrittenAsObjectMapperWritesThem() throws Exception {
        ObjectNode tree = NODES.objectNode();
        tree.set("missing", MissingNode.getInstance());
        tree.set("bytes", NODES.binaryNode(new byte[] {0, 1, 2, (byte) 0xff}));
        tree.set("decimal", NODES.numberNode(new BigDecimal("1.50")));
        tree.set("float", NODES.numberNode(1.25f));
        tree.putArray("list").add(NODES.numberNode((short) 7)).add(NODES.numberNode(BigInteger.TEN.pow(30)));
        assertThat(JsonTreeCodec.LENIENT.write(tree)).isEqualTo(MAPPER.writeValueAsString(tree));
        assertThat(JsonTreeCodec.LENIENT.write(MissingNode.getInstance()))
                .isEqualTo(MAPPER.writeValueAsString(MissingNode.getInstance()));
    }

    @Test
    void aPojoNodeIsRefused() {
        assertThatThrownBy(() -> JsonTreeCodec.LENIENT.write(NODES.pojoNode(new Object())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** What strangers send: each refused by the strict reader, as the endpoint's ObjectMapper refused it. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":1}}", "{} {}", "{}x", "{} 1", "{\"a\":1}]",
            "{", "{\"a\":", "{\"a\" 1}", "[1,]", "{\"a\":1,}", "{'a':1}", "{a:1}", "{\"a\":01}", "{\"a\":NaN}",
            "{\"a\":\"\u0001\"}", "{\"a\":tru}", "\"unterminated", "/* c */ {}", "{\"a\":-}"})
    void theStrictReaderRefusesWhatTheEndpointsMapperRefused(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> STRICT_MAPPER.readTree(bytes)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> STRICT.read(bytes)).isInstanceOf(IOException.class);
    }

    @Test
    void theStrictReaderStopsAtItsNestingDepthAndStringLength() throws Exception {
        String deep32 = "[".repeat(32) + "]".repeat(32);
        String deep33 = "[".repeat(33) + "]".repeat(33);
        assertThat(STRICT.read(deep32.getBytes(StandardCharsets.UTF_8))).isEqualTo(STRICT_MAPPER.readTree(deep32));
        assertThatThrownBy(() -> STRICT_MAPPER.readTree(deep33)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> STRICT.read(deep33.getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
        String longString = "{\"a\":\"" + "x".repeat(64 * 1024 + 1) + "\"}";
        assertThatThrownBy(() -> STRICT.read(longString.getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
    }

    /** The lenient reader is iterative: a document far deeper than a thread's stack reads without overflowing it. */
    @Test
    void deepNestingCostsNoStack() throws Exception {
        String deep = "[".repeat(900) + "]".repeat(900);
        JsonNode tree = JsonTreeCodec.LENIENT.read(deep);
        assertThat(tree).isEqualTo(MAPPER.readTree(deep));
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        // Up to four levels of containers around the scalars.
        return Arbitraries.recursive(JsonTreeCodecTest::scalars, JsonTreeCodecTest::containersOf, 0, 4);
    }

    private static Arbitrary<JsonNode> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(NODES::textNode),
                Arbitraries.strings().all().ofMaxLength(6).map(NODES::textNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25))
                        .map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
    }

    private static Arbitrary<JsonNode> containersOf(Arbitrary<JsonNode> inner) {
        ListArbitrary<String> names = Arbitraries.strings().ofMaxLength(8).list().ofMaxSize(4).uniqueElements();
        Arbitrary<JsonNode> objects = Combinators.combine(names, inner.list().ofSize(4)).as((keys, values) -> {
            ObjectNode node = NODES.objectNode();
            for (int i = 0; i < keys.size(); i++) {
                node.set(keys.get(i), values.get(i));
            }
            return (JsonNode) node;
        });
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(List::copyOf).map(values -> {
            var node = NODES.arrayNode();
            values.forEach(node::add);
            return (JsonNode) node;
        });
        return Arbitraries.oneOf(objects, arrays, inner);
    }
}
