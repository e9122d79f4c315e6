package io.cognate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.clients.OAuthError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class FormBodyTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // Code points below the surrogates: every one of them is a whole character on its own.
    @Property
    void whatAFormEncoderWritesReadsBackUnchanged(
            @ForAll @CharRange(from = '\u0001', to = '\uD7FF') @StringLength(min = 1, max = 60) String value,
            @ForAll @CharRange(from = '\u0001', to = '\uD7FF') @StringLength(min = 1, max = 60) String secret) {
        String body = "scope=" + URLEncoder.encode(value, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        FormBody form = FormBody.parse(bytes(body));
        assertThat(form.get("scope")).contains(value);
        assertThat(form.get("client_secret")).contains(secret);
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

    @Property(tries = 2000)
    void anyBodyIsEitherParsedOrAnInvalidRequest(@ForAll @StringLength(max = 200) String text) {
        try {
            FormBody.parse(bytes(text));
        } catch (OAuthError e) {
            assertThat(e.code()).isEqualTo("invalid_request");
        }
    }
}
