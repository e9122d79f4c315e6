package io.cognate.domain;

import java.text.Normalizer;
import java.util.Locale;

/** A username as typed, and its case-folded form used for uniqueness and look-ups. */
public record Username(String value, String key) {

    public static final int MAX_LENGTH = 128;

    public static Username of(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        String value = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        if (value.length() > MAX_LENGTH || value.codePoints().anyMatch(Username::disallowed)) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
        }
        // Cognito pools are case-insensitive by default: 'Alice' and 'alice' are one user.
        return new Username(value, value.toLowerCase(Locale.ROOT));
    }

    private static boolean disallowed(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> false;
            default -> true;
        };
    }

    @Override
    public String toString() {
        return value;
    }
}
