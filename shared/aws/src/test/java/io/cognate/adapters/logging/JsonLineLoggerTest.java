package io.cognate.adapters.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;

class JsonLineLoggerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-25T03:04:05.678Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final BasicMDCAdapter mdc = new BasicMDCAdapter();
    private final JsonLineLoggerFactory loggers = new JsonLineLoggerFactory(Level.INFO, mdc, "cognate-token-verifier",
            () -> out, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Logger log = loggers.getLogger("io.cognate.verifier.TokenAuthorizer");

    private List<String> lines() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }

    private JsonNode onlyLine() throws Exception {
        assertThat(lines()).hasSize(1);
        return JSON.readTree(lines().getFirst());
    }

    @Test
    void writesOneJsonObjectPerLineWithTheLayoutsKeys() throws Exception {
        log.info("authorizer: denied route={} reason={}", "GET /demo", "token expired");

        JsonNode line = onlyLine();
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("message").asText()).isEqualTo("authorizer: denied route=GET /demo reason=token expired");
        assertThat(line.get("timestamp").asText()).isEqualTo("2026-11-25T03:04:05.678Z");
        assertThat(line.get("service").asText()).isEqualTo("cognate-token-verifier");
        assertThat(fieldNames(line)).containsExactly("level", "message", "service", "timestamp");
    }

    @Test
    void carriesPowertoolsAndCognateMdcKeysInTheLayoutsOrderAndTypes() throws Exception {
        mdc.put("region", "eu-west-1");
        mdc.put("epoch", "7");
        mdc.put("correlation_id", "req-123");
        mdc.put("xray_trace_id", "1-abc-def");
        mdc.put("service", "from-powertools");
        mdc.put("function_request_id", "lambda-req");
        mdc.put("function_name", "verifier");
        mdc.put("function_memory_size", "512");
        mdc.put("cold_start", "true");
        mdc.put("sampling_rate", "0.0");
        mdc.put("zz_other", "z");
        mdc.put("aa_other", "a");

        log.warn("something");

        JsonNode line = onlyLine();
        assertThat(fieldNames(line)).containsExactly("level", "message", "cold_start", "function_memory_size",
                "function_name", "function_request_id", "service", "timestamp", "xray_trace_id", "correlation_id",
                "aa_other", "epoch", "region", "zz_other");
        assertThat(line.get("cold_start").isBoolean()).isTrue();
        assertThat(line.get("cold_start").asBoolean()).isTrue();
        assertThat(line.get("function_memory_size").isInt()).isTrue();
        assertThat(line.get("function_memory_size").asInt()).isEqualTo(512);
        assertThat(line.get("service").asText()).isEqualTo("from-powertools");
        assertThat(line.get("correlation_id").asText()).isEqualTo("req-123");
        assertThat(line.get("region").asText()).isEqualTo("eu-west-1");
        assertThat(line.get("epoch").asText()).isEqualTo("7");
        assertThat(line.get("level").asText()).isEqualTo("WARN");
    }

    @Test
    void aPositiveSamplingRateIsANumber() throws Exception {
        mdc.put("sampling_rate", "0.25");
        log.info("sampled");
        assertThat(onlyLine().get("sampling_rate").asDouble()).isEqualTo(0.25);
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersAndKeepsUnicode() throws Exception {
        String nasty = "quote\" backslash\\ newline\n return\r tab\t nul\u0000 bell\u0007 esc\u001b del\u007f "
                + "é ß 日本 😀 line-sep\u2028";
        mdc.put("region", nasty);
        log.info(nasty);

        assertThat(lines()).hasSize(1);
        assertThat(lines().getFirst()).doesNotContain("\n", "\r", "\u0000", "\u2028").contains("日本", "😀");
        JsonNode line = onlyLine();
        assertThat(line.get("message").asText()).isEqualTo(nasty);
        assertThat(line.get("region").asText()).isEqualTo(nasty);
    }

    @Property
    void anyTextRoundTripsThroughTheLine(
            @ForAll @CharRange(from = '\u0000', to = '\uD7FF') @StringLength(max = 40) String text) throws Exception {
        bytes.reset();
        log.info("{}", text);
        assertThat(onlyLine().get("message").asText()).isEqualTo(text);
    }

    @Test
    void anExceptionIsItsClassAndMessageWithoutStackFrames() throws Exception {
        Exception error = new IllegalStateException("store unreadable", new RuntimeException("inner detail"));

        log.error("authorizer: verification failed route={}", "GET /demo", error);

        String raw = lines().getFirst();
        assertThat(raw).doesNotContain("at io.cognate", "JsonLineLoggerTest", "inner detail", "stack");
        JsonNode line = onlyLine();
        assertThat(line.get("message").asText()).isEqualTo("authorizer: verification failed route=GET /demo");
        assertThat(line.get("error").get("name").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line.get("error").get("message").asText()).isEqualTo("store unreadable");
        assertThat(fieldNames(line.get("error"))).containsExactly("name", "message");
    }

    @Test
    void anExceptionWithoutAMessageHasOnlyItsName() throws Exception {
        log.warn("failed", new NullPointerException());
        JsonNode error = onlyLine().get("error");
        assertThat(fieldNames(error)).containsExactly("name");
        assertThat(error.get("name").asText()).isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void linesBelowTheThresholdAreNotWritten() throws Exception {
        log.debug("not at INFO");
        log.trace("nor this");
        assertThat(log.isDebugEnabled()).isFalse();
        assertThat(log.isInfoEnabled()).isTrue();
        assertThat(lines()).isEmpty();

        loggers.threshold(Level.ERROR);
        log.warn("not at ERROR");
        log.error("written");
        assertThat(onlyLine().get("level").asText()).isEqualTo("ERROR");

        bytes.reset();
        loggers.threshold(Level.DEBUG);
        log.debug("now written");
        assertThat(onlyLine().get("level").asText()).isEqualTo("DEBUG");
    }

    @Test
    void theLevelComesFromPowertoolsLogLevelAsPowertoolsReadsIt() {
        assertThat(JsonLineLoggerFactory.levelFrom(null)).isEqualTo(Level.INFO);
        assertThat(JsonLineLoggerFactory.levelFrom("debug")).isEqualTo(Level.DEBUG);
        assertThat(JsonLineLoggerFactory.levelFrom("WARN")).isEqualTo(Level.WARN);
        assertThat(JsonLineLoggerFactory.levelFrom("FATAL")).isEqualTo(Level.ERROR);
        assertThat(JsonLineLoggerFactory.levelFrom("loud")).isEqualTo(Level.INFO);
    }

    @Test
    void withoutAServiceAnywhereTheKeyIsLeftOut() throws Exception {
        var bare = new JsonLineLoggerFactory(Level.INFO, mdc, null, () -> out);
        bare.getLogger("x").info("hello");
        JsonNode line = onlyLine();
        assertThat(line.has("service")).isFalse();
        assertThat(line.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void theProviderServesTheFactoryAndAnMdc() {
        var provider = new JsonLineServiceProvider();
        provider.initialize();
        assertThat(provider.getLoggerFactory()).isInstanceOf(JsonLineLoggerFactory.class);
        assertThat(provider.getMDCAdapter()).isNotNull();
        assertThat(provider.getMarkerFactory()).isNotNull();
        assertThat(provider.getRequestedApiVersion()).startsWith("2.0");
        assertThat(provider.getLoggerFactory().getLogger("a")).isSameAs(provider.getLoggerFactory().getLogger("a"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
