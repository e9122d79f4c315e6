package io.cognate.domain;

import java.text.Normalizer;

/**
 * The pool's password rules. Defaults are Cognito's: at least 8 characters with lower- and
 * upper-case letters, a digit and a symbol; on top of that, no password from the list of
 * common passwords. Passwords are compared after NFKC normalisation so the same password typed
 * on different keyboards hashes the same.
 */
public record PasswordPolicy(
        int minimumLength,
        boolean requireLowercase,
        boolean requireUppercase,
        boolean requireNumbers,
        boolean requireSymbols,
        CommonPasswords commonPasswords) implements PoolRules {

    /** The wire limit of Cognito's PasswordType, counted as typed (before normalisation). */
    public static final int MAXIMUM_LENGTH = 256;

    public static PasswordPolicy cognitoDefault() {
        return new PasswordPolicy(8, true, true, true, true, CommonPasswords.bundled());
    }

    public static String normalise(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /** Throws {@code InvalidPasswordException} naming the first rule the password breaks. */
    public void check(String password) {
        if (password == null || password.isEmpty()) {
            throw CognitoException.invalidParameter("A password is required.");
        }
        if (password.codePointCount(0, password.length()) > MAXIMUM_LENGTH) {
            throw fail("Password is too long");
        }
        String normalised = normalise(password);
        if (normalised.codePointCount(0, normalised.length()) < minimumLength) {
            throw fail("Password not long enough");
        }
        if (commonPasswords.contains(normalised)) {
            throw fail("Password is too common");
        }
        if (requireLowercase && normalised.codePoints().noneMatch(Character::isLowerCase)) {
            throw fail("Password must have lowercase characters");
        }
        if (requireUppercase && normalised.codePoints().noneMatch(Character::isUpperCase)) {
            throw fail("Password must have uppercase characters");
        }
        if (requireNumbers && normalised.codePoints().noneMatch(Character::isDigit)) {
            throw fail("Password must have numeric characters");
        }
        if (requireSymbols && normalised.codePoints().noneMatch(PasswordPolicy::isSymbol)) {
            throw fail("Password must have symbol characters");
        }
    }

    @Override
    public PasswordPolicy passwordPolicy() {
        return this;
    }

    @Override
    public void checkPassword(String password) {
        check(password);
    }

    private static boolean isSymbol(int cp) {
        return !Character.isLetterOrDigit(cp) && !Character.isWhitespace(cp) && !Character.isISOControl(cp);
    }

    private static CognitoException fail(String rule) {
        return CognitoException.invalidPassword("Password did not conform with policy: " + rule);
    }
}
