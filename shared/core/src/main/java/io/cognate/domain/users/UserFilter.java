package io.cognate.domain.users;

import io.cognate.domain.CognitoException;
import io.cognate.domain.User;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * ListUsers' {@code Filter}: {@code AttributeName Filter-Type "AttributeValue"}, one attribute,
 * {@code =} for an exact match or {@code ^=} for a prefix, the value in double quotes with
 * {@code \"} for a quotation mark in it (and {@code \\} for a backslash). Only the attributes
 * Cognito searches are accepted; {@code username} and {@code status} match case-sensitively,
 * {@code cognito:user_status} case-insensitively, the others as stored.
 *
 * <p>Parsed strictly: anything else around or inside the quotes (a second condition, an
 * unescaped quote, an unknown escape, trailing text) is {@code InvalidParameterException},
 * never a wider match. The filter is a value compared with stored values, never text spliced
 * into a query: the DynamoDB adapter passes it as an expression attribute value.
 */
public record UserFilter(Attribute attribute, Match match, String value) {
    /** Cognito's message for a filter it cannot parse. */
    static final String UNPARSABLE = "Error while parsing filter.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_:.-]{1,32}");

    /** The attributes ListUsers can search, by their names in a filter. */
    public enum Attribute {
        USERNAME("username"), EMAIL("email"), PHONE_NUMBER("phone_number"), NAME("name"), GIVEN_NAME("given_name"),
        FAMILY_NAME("family_name"), PREFERRED_USERNAME("preferred_username"), USER_STATUS("cognito:user_status"),
        STATUS("status"), SUB("sub");

        private final String filterName;

        Attribute(String filterName) {
            this.filterName = filterName;
        }

        public String filterName() {
            return filterName;
        }

        static Optional<Attribute> named(String name) {
            return Arrays.stream(values()).filter(a -> a.filterName.equals(name)).findFirst();
        }
    }

    public enum Match { EXACT, PREFIX }

    /** {@code status}'s values: whether the user is enabled, as Cognito's console calls it. */
    public static final String ENABLED = "Enabled";
    public static final String DISABLED = "Disabled";

    /** The filter in a ListUsers request; empty (every user) when there is none or it is empty. */
    public static Optional<UserFilter> parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return Optional.empty();
        }
        int i = skipSpace(filter, 0);
        int nameStart = i;
        while (i < filter.length() && !Character.isWhitespace(filter.charAt(i)) && filter.charAt(i) != '='
                && filter.charAt(i) != '^' && filter.charAt(i) != '"') {
            i++;
        }
        String name = filter.substring(nameStart, i);
        if (name.isEmpty()) {
            throw unparsable();
        }
        i = skipSpace(filter, i);
        Match match;
        if (filter.startsWith("^=", i)) {
            match = Match.PREFIX;
            i += 2;
        } else if (filter.startsWith("=", i)) {
            match = Match.EXACT;
            i += 1;
        } else {
            throw unparsable();
        }
        i = skipSpace(filter, i);
        if (i >= filter.length() || filter.charAt(i) != '"') {
            throw unparsable();
        }
        i++;
        var value = new StringBuilder();
        boolean closed = false;
        while (i < filter.length()) {
            char c = filter.charAt(i++);
            if (c == '"') {
                closed = true;
                break;
            }
            if (c == '\\') {
                if (i >= filter.length() || (filter.charAt(i) != '"' && filter.charAt(i) != '\\')) {
                    throw unparsable();
                }
                c = filter.charAt(i++);
            }
            value.append(c);
        }
        if (!closed || skipSpace(filter, i) != filter.length()) {
            throw unparsable();
        }
        // Known syntax, unknown attribute: Cognito's InvalidParameterException naming it (only
        // when it looks like an attribute name: nothing else of the request is echoed).
        Attribute attribute = Attribute.named(name).orElseThrow(() -> CognitoException.invalidParameter(
                NAME.matcher(name).matches() ? "Invalid search attribute: " + name : UNPARSABLE));
        return Optional.of(new UserFilter(attribute, match, value.toString()));
    }

    /**
     * The value to compare stored values with: {@code cognito:user_status} is matched
     * case-insensitively, and statuses are stored in upper case.
     */
    public String comparedValue() {
        return attribute == Attribute.USER_STATUS ? value.toUpperCase(Locale.ROOT) : value;
    }

    /** For {@code status}: the enabled states whose name ({@code Enabled}, {@code Disabled}) matches. */
    public Set<Boolean> enabledStates() {
        return Set.of(true, false).stream().filter(enabled -> matchesText(enabled ? ENABLED : DISABLED))
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean matches(User user) {
        Optional<String> stored = switch (attribute) {
            case USERNAME -> Optional.of(user.username().value());
            case SUB -> Optional.of(user.sub());
            case USER_STATUS -> Optional.of(user.status().name());
            case STATUS -> Optional.of(user.enabled() ? ENABLED : DISABLED);
            default -> user.attribute(attribute.filterName());
        };
        return stored.filter(this::matchesText).isPresent();
    }

    private boolean matchesText(String stored) {
        String compared = comparedValue();
        return match == Match.EXACT ? stored.equals(compared) : stored.startsWith(compared);
    }

    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static CognitoException unparsable() {
        return CognitoException.invalidParameter(UNPARSABLE);
    }
}
