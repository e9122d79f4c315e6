package io.cognate.domain;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordPolicyTest {
    private final PasswordPolicy policy = PasswordPolicy.cognitoDefault();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Sh0rt!      | Password not long enough",
            "alllower1!  | Password must have uppercase characters",
            "ALLUPPER1!  | Password must have lowercase characters",
            "NoDigits!!  | Password must have numeric characters",
            "NoSymbols12 | Password must have symbol characters",
    })
    void namesTheRuleThatFailed(String password, String rule) {
        assertThatThrownBy(() -> policy.check(password))
                .isInstanceOfSatisfying(CognitoException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.type()).isEqualTo("InvalidPasswordException");
                    org.assertj.core.api.Assertions.assertThat(e.getMessage()).endsWith(rule);
                });
    }

    @Test
    void acceptsAPasswordMeetingEveryRule() {
        assertThatCode(() -> policy.check("Correct-Horse-9")).doesNotThrowAnyException();
    }

    @Test
    void allowsLongPassphrasesUpTo256Characters() {
        String longest = "Aa1!" + "x".repeat(252);
        assertThatCode(() -> policy.check(longest)).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.check(longest + "y")).isInstanceOf(CognitoException.class);
    }

    @Test
    void countsCharactersAfterNormalisationNotUtf16Units() {
        // Seven emoji are fourteen UTF-16 units but seven characters: too short.
        assertThatThrownBy(() -> policy.check("Aa1😀😀😀😀"))
                .hasMessageEndingWith("Password not long enough");
    }
}
