package io.cognate.identity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cognate.domain.CognitoException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestChecksTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void textWithTabsNewlinesAndAnyScriptPasses() {
        var body = NODES.objectNode().put("Address", "1 Main St\nFlat 2\tRear\r\n").put("Name", "Zoë 😀 名前");
        assertThatCode(() -> RequestChecks.text(body)).doesNotThrowAnyException();
    }

    @Test
    void controlCharactersSurrogatesAndReplacementCharactersAreRefusedAnywhere() {
        for (String bad : List.of("a\u0000b", "\u0007", "x\u007F", "\u0085", "\uD800x", "x\uDC00", "ok\uFFFD")) {
            var inValue = NODES.objectNode().set("List", NODES.arrayNode().add(NODES.objectNode().put("Value", bad)));
            var inName = NODES.objectNode().put(bad, "value");
            assertThatThrownBy(() -> RequestChecks.text(inValue)).isInstanceOf(CognitoException.class);
            assertThatThrownBy(() -> RequestChecks.text(inName)).isInstanceOf(CognitoException.class);
        }
    }

    @Test
    void headersOverTenKilobytesAreRefused() {
        var small = APIGatewayV2HTTPEvent.builder().withHeaders(Map.of("x-a", "b".repeat(9000))).build();
        var large = APIGatewayV2HTTPEvent.builder().withHeaders(Map.of("x-a", "b".repeat(11000))).build();
        var cookies = APIGatewayV2HTTPEvent.builder().withHeaders(Map.of())
                .withCookies(List.of("a=" + "c".repeat(6000), "b=" + "c".repeat(6000))).build();
        assertThatCode(() -> RequestChecks.headers(small)).doesNotThrowAnyException();
        assertThatThrownBy(() -> RequestChecks.headers(large)).hasMessage("Request headers are too large.");
        assertThatThrownBy(() -> RequestChecks.headers(cookies)).hasMessage("Request headers are too large.");
    }
}
