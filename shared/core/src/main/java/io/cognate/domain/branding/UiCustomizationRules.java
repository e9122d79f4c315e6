package io.cognate.domain.branding;

import io.cognate.domain.CognitoException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What SetUICustomization accepts, checked before anything is stored.
 *
 * <p>CSS: only Cognito's customizable classes as selectors (one class per rule, with the pseudo
 * classes Cognito lists), each declaration {@code property: value;} with a property of letters
 * and hyphens and a value of words, numbers, colours and the colour functions {@code rgb()},
 * {@code rgba()}, {@code hsl()}, {@code hsla()} only. Refused: {@code url(}, {@code expression(},
 * {@code @import} or any other at-rule, comments, escapes, quotes and {@code <} — each could
 * fetch from elsewhere (exfiltration through attribute selectors and background images), run
 * script in old engines, or close the style element.
 *
 * <p>Logo: PNG or JPEG (told by the file's first bytes, not its name) of at most 100 KB, as
 * Cognito documents; the API shape allows 131072 bytes but Cognito refuses more than 100 KB.
 */
public final class UiCustomizationRules {
    /** Cognito's CSSType maximum. */
    public static final int MAX_CSS_CHARS = 131_072;
    /** Cognito's documented logo limit: 100 KB. */
    public static final int MAX_LOGO_BYTES = 100 * 1024;
    /** The classes Cognito's classic hosted UI lets a pool style, with their allowed pseudo classes. */
    public static final Set<String> SELECTORS = Set.of(
            ".background-customizable", ".banner-customizable", ".errorMessage-customizable",
            ".idpButton-customizable", ".idpButton-customizable:hover", ".inputField-customizable",
            ".inputField-customizable:focus", ".label-customizable", ".legalText-customizable",
            ".logo-customizable", ".submitButton-customizable", ".submitButton-customizable:hover",
            ".textDescription-customizable", ".redirect-customizable", ".passwordCheck-notValid-customizable",
            ".passwordCheck-valid-customizable", ".socialButton-customizable");
    private static final Pattern RULE = Pattern.compile("\\s*([^{}]+?)\\s*\\{([^{}]*)}\\s*");
    private static final Pattern PROPERTY = Pattern.compile("-?[a-z][a-z-]{0,63}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9#%., ()+!/-]{1,512}");
    private static final Pattern FUNCTION = Pattern.compile("([A-Za-z-]*)\\(");
    private static final Set<String> FUNCTIONS = Set.of("rgb", "rgba", "hsl", "hsla");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private UiCustomizationRules() {
    }

    /** The logo's content type, {@code image/png} or {@code image/jpeg}; refuses anything else. */
    public static String logoContentType(byte[] image) {
        if (image.length > MAX_LOGO_BYTES) {
            throw CognitoException.invalidParameter("The image file is larger than " + MAX_LOGO_BYTES + " bytes.");
        }
        if (startsWith(image, PNG)) {
            return "image/png";
        }
        if (startsWith(image, JPEG)) {
            return "image/jpeg";
        }
        throw CognitoException.invalidParameter("The image file must be a PNG or JPEG image.");
    }

    /** Returns the CSS as given when every rule is allowed; refuses it otherwise, naming the first fault. */
    public static String checkCss(String css) {
        if (css.length() > MAX_CSS_CHARS) {
            throw CognitoException.invalidParameter("The CSS is longer than " + MAX_CSS_CHARS + " characters.");
        }
        String lower = css.toLowerCase(Locale.ROOT);
        for (String refused : List.of("url(", "expression(", "@", "\\", "/*", "<", "\"", "'")) {
            if (lower.contains(refused)) {
                throw CognitoException.invalidParameter("The CSS contains " + refused + ", which is not allowed.");
            }
        }
        Matcher rules = RULE.matcher(css);
        int end = 0;
        while (rules.lookingAt()) {
            checkRule(rules.group(1), rules.group(2));
            end = rules.end();
            rules.region(end, css.length());
        }
        if (!css.substring(end).isBlank()) {
            throw CognitoException.invalidParameter("The CSS is not a list of rules: selector { property: value; }.");
        }
        return css;
    }

    private static void checkRule(String selector, String body) {
        if (!SELECTORS.contains(selector)) {
            throw CognitoException.invalidParameter("The CSS selector " + selector.substring(0, Math.min(64, selector.length()))
                    + " is not one of the customizable classes.");
        }
        for (String declaration : body.split(";")) {
            if (declaration.isBlank()) {
                continue;
            }
            int colon = declaration.indexOf(':');
            if (colon < 0) {
                throw CognitoException.invalidParameter("The CSS declaration in " + selector + " has no value.");
            }
            String property = declaration.substring(0, colon).strip();
            String value = declaration.substring(colon + 1).strip();
            if (!PROPERTY.matcher(property).matches() || !VALUE.matcher(value).matches()) {
                throw CognitoException.invalidParameter("The CSS declaration of " + selector + " is not allowed.");
            }
            Matcher functions = FUNCTION.matcher(value);
            while (functions.find()) {
                if (!FUNCTIONS.contains(functions.group(1).toLowerCase(Locale.ROOT))) {
                    throw CognitoException.invalidParameter("The CSS function " + functions.group(1)
                            + "( is not allowed; only rgb, rgba, hsl and hsla.");
                }
            }
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
