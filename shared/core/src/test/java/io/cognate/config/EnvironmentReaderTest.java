package io.cognate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentReaderTest {
    private final EnvironmentReader reader = new EnvironmentReader(Map.of(
            "BLANK", "  ", "N", " 42 ", "ZERO", "0", "WORD", "many", "YES", "TRUE",
            "PAIRS", "us-east-1=https://a/x=1, eu-west-1=https://b", "TWICE", "a=1,a=2", "HALF", "a="));

    @Test
    void blankIsUnsetAndValuesAreStripped() {
        assertThat(reader.optional("BLANK")).isEmpty();
        assertThat(reader.optional("N")).contains("42");
        assertThatThrownBy(() -> reader.required("BLANK")).hasMessage("environment variable BLANK is not set");
    }

    @Test
    void numbersAreCheckedAndNameTheVariable() {
        assertThat(reader.count("N", 1)).isEqualTo(42);
        assertThat(reader.count("MISSING", 7)).isEqualTo(7);
        assertThat(reader.wholeNumber("ZERO", 5)).isZero();
        assertThatThrownBy(() -> reader.positive("ZERO", 5)).hasMessage("ZERO must be positive");
        assertThatThrownBy(() -> reader.count("WORD", 5)).hasMessage("WORD must be a whole number");
        assertThat(reader.seconds("N", Duration.ZERO)).isEqualTo(Duration.ofSeconds(42));
        assertThat(reader.duration("N", Duration.ZERO, 1)).isEqualTo(Duration.ofMillis(42));
        assertThat(reader.seconds("MISSING", Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void flagsAreTrueOrFalseOnly() {
        assertThat(reader.flag("YES", false)).isTrue();
        assertThat(reader.flag("MISSING", true)).isTrue();
        assertThatThrownBy(() -> reader.flag("WORD", false)).hasMessage("WORD must be true or false");
    }

    @Test
    void pairsKeepTheirOrderAndRefuseRepeats() {
        assertThat(reader.pairs("PAIRS")).containsExactly(
                Map.entry("us-east-1", "https://a/x=1"), Map.entry("eu-west-1", "https://b"));
        assertThatThrownBy(() -> reader.pairs("TWICE")).hasMessage("TWICE names a twice");
        assertThatThrownBy(() -> reader.pairs("HALF")).hasMessageContaining("key=value pairs");
        assertThat(reader.pairs("MISSING")).isEmpty();
    }
}
