package io.cognate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
    private final PasswordPolicy policy = PasswordPolicy.cognitoDefault();

    private void assertRefused(String password, String rule) {
        assertThatThrownBy(() -> policy.check(password))
                .isInstanceOfSatisfying(CognitoException.class, e -> {
                    assertThat(e.type()).isEqualTo("InvalidPasswordException");
                    assertThat(e.getMessage()).isEqualTo("Password did not conform with policy: " + rule);
                });
    }

    @Test
    void eachRefusalNamesTheRuleThatFailed() {
        assertRefused("Ab1!xyz", "Password not long enough");
        assertRefused("abcdefg1!", "Password must have uppercase characters");
        assertRefused("ABCDEFG1!", "Password must have lowercase characters");
        assertRefused("Abcdefgh!", "Password must have numeric characters");
        assertRefused("Abcdefgh1", "Password must have symbol characters");
        assertRefused("A1!" + "b".repeat(254), "Password is too long");
    }

    @Test
    void passwordsUpTo256CharactersAreAllowed() {
        assertThatCode(() -> policy.check("A1!" + "b".repeat(253))).doesNotThrowAnyException();
        // Counted as typed: NFKC may expand a character (U+FDFA becomes 18), which must not push it over.
        assertThatCode(() -> policy.check("Ab1!" + "\uFDFA".repeat(252))).doesNotThrowAnyException();
    }

    @Test
    void commonPasswordsAreRefusedWhateverTheirCase() {
        PasswordPolicy lenient = new PasswordPolicy(8, false, false, false, false, CommonPasswords.bundled());
        assertThatThrownBy(() -> lenient.check("password1")).hasMessageEndingWith("Password is too common");
        assertThatThrownBy(() -> lenient.check("PassWord1")).hasMessageEndingWith("Password is too common");
        assertThatThrownBy(() -> lenient.check("qwerty123")).hasMessageEndingWith("Password is too common");
        assertThatThrownBy(() -> policy.check("P@ssw0rd")).hasMessageEndingWith("Password is too common");
        assertThatCode(() -> lenient.check("correct horse battery staple")).doesNotThrowAnyException();
    }

    @Test
    void lengthAndListAreJudgedOnTheNormalisedPassword() {
        PasswordPolicy lenient = new PasswordPolicy(8, false, false, false, false, CommonPasswords.bundled());
        // Full-width letters are NFKC-equal to ASCII ones: still the most common password there is.
        assertThatThrownBy(() -> lenient.check("ｐａｓｓｗｏｒｄ")).hasMessageEndingWith("Password is too common");
        // 'e' + combining acute composes to one character: seven, not eight.
        assertThatThrownBy(() -> lenient.check("abcdefe\u0301")).hasMessageEndingWith("Password not long enough");
    }

    @Test
    void theBundledListHoldsTenThousandPasswords() {
        assertThat(CommonPasswords.bundled().size()).isEqualTo(10_000);
        assertThat(CommonPasswords.bundled().contains("123456")).isTrue();
    }
}
