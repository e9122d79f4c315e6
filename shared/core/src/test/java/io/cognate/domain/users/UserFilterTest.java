package io.cognate.domain.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.CognitoException;
import io.cognate.domain.users.UserFilter.Attribute;
import io.cognate.domain.users.UserFilter.Match;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** ListUsers' filter grammar, parsed strictly: what parses is exactly what was written. */
class UserFilterTest {

    @Property(tries = 500)
    void aWrittenFilterParsesBackToItsAttributeMatchAndValue(@ForAll Attribute attribute, @ForAll Match match,
                                                             @ForAll("values") String value, @ForAll("spaces") String before,
                                                             @ForAll("spaces") String around, @ForAll("spaces") String after) {
        String written = before + attribute.filterName() + around + (match == Match.EXACT ? "=" : "^=") + around
                + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" + after;

        assertThat(UserFilter.parse(written)).contains(new UserFilter(attribute, match, value));
    }

    @Property(tries = 1000)
    void anyTextEitherParsesOrIsRefusedAsAnInvalidParameter(@ForAll("filterLike") String text) {
        try {
            Optional<UserFilter> parsed = UserFilter.parse(text);
            parsed.ifPresent(filter -> assertThat(text).contains(filter.attribute().filterName()));
        } catch (CognitoException refused) {
            assertThat(refused.type()).isEqualTo("InvalidParameterException");
        }
    }

    @Property(tries = 300)
    void anUnescapedQuoteInTheValueNeverParses(@ForAll("values") String head, @ForAll("values") String tail) {
        String value = head.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" + tail.replace("\\", "\\\\").replace("\"", "\\\"");
        assertThatThrownBy(() -> UserFilter.parse("email = \"" + value + "\""))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
    }

    @Example
    void anEmptyFilterListsEveryone() {
        assertThat(UserFilter.parse(null)).isEmpty();
        assertThat(UserFilter.parse("")).isEmpty();
        assertThat(UserFilter.parse("   ")).isEmpty();
    }

    @Example
    void cognitosOwnExamplesParse() {
        assertThat(UserFilter.parse("family_name = \"Reddy\"")).contains(new UserFilter(Attribute.FAMILY_NAME, Match.EXACT, "Reddy"));
        assertThat(UserFilter.parse("given_name ^= \"Jon\"")).contains(new UserFilter(Attribute.GIVEN_NAME, Match.PREFIX, "Jon"));
        assertThat(UserFilter.parse("cognito:user_status = \"Unconfirmed\"").orElseThrow().comparedValue())
                .isEqualTo("UNCONFIRMED");
        assertThat(UserFilter.parse("status=\"Enabled\"").orElseThrow().enabledStates()).containsExactly(true);
        assertThat(UserFilter.parse("status ^= \"\"").orElseThrow().enabledStates()).containsExactlyInAnyOrder(true, false);
        assertThat(UserFilter.parse("status = \"enabled\"").orElseThrow().enabledStates()).isEmpty();
    }

    @Example
    void attributesCognitoDoesNotSearchAreNamedInTheError() {
        for (String name : new String[] {"custom:tier", "email_verified", "Email", "address", "passwordHash"}) {
            assertThatThrownBy(() -> UserFilter.parse(name + " = \"x\""))
                    .isInstanceOfSatisfying(CognitoException.class, e -> {
                        assertThat(e.type()).isEqualTo("InvalidParameterException");
                        assertThat(e.getMessage()).isEqualTo("Invalid search attribute: " + name);
                    });
        }
    }

    @Example
    void malformedFiltersAreRefused() {
        for (String filter : new String[] {"email", "email =", "email = x", "email = \"x", "email = \"x\" y",
                "email = \"x\" OR name = \"y\"", "email != \"x\"", "email ~ \"x\"", "= \"x\"", "email = \"\\n\"",
                "email = 'x'", "\"email\" = \"x\"", "email = \"x\"\"", "email ^ = \"x\""}) {
            assertThatThrownBy(() -> UserFilter.parse(filter)).as(filter)
                    .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
        }
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().withChars("ab\"\\ =^*%'").ofMaxLength(12);
    }

    @Provide
    Arbitrary<String> spaces() {
        return Arbitraries.strings().withChars(" \t").ofMaxLength(2);
    }

    @Provide
    Arbitrary<String> filterLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("emailnus_:^=\" \\cogt").ofMaxLength(30),
                Arbitraries.strings().ofMaxLength(30));
    }
}
