package io.cognate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import io.cognate.domain.clients.OAuthError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormBodyTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void whatAFormEncoderWritesReadsBackUnchanged() {
        // Code points below the surrogates: every one of them is a whole character on its own.
        qt().forAll(strings().betweenCodePoints(1, 0xD7FF).ofLengthBetween(1, 60),
                        strings().betweenCodePoints(1, 0xD7FF).ofLengthBetween(1, 60))
                .checkAssert((value, secret) -> {
                    String body = "scope=" + URLEncoder.encode(value, StandardCharsets.UTF_8)
                            + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
                    FormBody form = FormBody.parse(bytes(body));
                    assertThat(form.get("scope")).contains(value);
                    assertThat(form.get("client_secret")).contains(secret);
                });
    }

    @Test
    void emptyValuesCountAsAbsent() {
        FormBody form = FormBody.parse(bytes("grant_type=&scope&&client_id=abc"));
        assertThat(form.get("grant_type")).isEmpty();
        assertThat(form.get("scope")).isEmpty();
        assertThat(form.get("client_id")).contains("abc");
        assertThat(form.get("plus")).isEmpty();
        assertThat(FormBody.parse(bytes("a=b+c%2Bd")).get("a")).contains("b c+d");
    }

    @Test
    void repeatedParametersMalformedEscapesAndBadUtf8AreInvalidRequests() {
        for (byte[] body : new byte[][] {bytes("grant_type=a&grant_type=a"), bytes("a=%"), bytes("a=%G1"), bytes("a=%e2%28%a1"),
                new byte[] {'a', '=', (byte) 0xC3, (byte) 0x28}}) {
            assertThatThrownBy(() -> FormBody.parse(body))
                    .isInstanceOfSatisfying(OAuthError.class, e -> assertThat(e.code()).isEqualTo("invalid_request"));
        }
    }

    @Test
    void anyBodyIsEitherParsedOrAnInvalidRequest() {
        qt().withExamples(2000).forAll(strings().allPossible().ofLengthBetween(0, 200)).checkAssert(text -> {
            try {
                FormBody.parse(bytes(text));
            } catch (OAuthError e) {
                assertThat(e.code()).isEqualTo("invalid_request");
            }
        });
    }
}
