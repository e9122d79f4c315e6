package io.cognate.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Passwords too common to accept, compared without regard to case. The bundled list is the
 * 10,000 most frequent passwords of the list shipped in zxcvbn 4.4.2 (MIT licence; itself drawn
 * from Mark Burnett's 10 million password corpus); see docs/security.md.
 */
public final class CommonPasswords {
    static final String BUNDLED = "common-passwords.txt";

    private final Set<String> lowerCased;

    private CommonPasswords(Set<String> lowerCased) {
        this.lowerCased = Set.copyOf(lowerCased);
    }

    /** The list shipped with Cognate, read once. */
    public static CommonPasswords bundled() {
        return Bundled.LIST;
    }

    public static CommonPasswords of(Collection<String> passwords) {
        var set = new HashSet<String>();
        passwords.forEach(p -> set.add(p.toLowerCase(Locale.ROOT)));
        return new CommonPasswords(set);
    }

    public static CommonPasswords none() {
        return new CommonPasswords(Set.of());
    }

    /** Whether the (already normalised) password is on the list, ignoring case. */
    public boolean contains(String normalisedPassword) {
        return lowerCased.contains(normalisedPassword.toLowerCase(Locale.ROOT));
    }

    public int size() {
        return lowerCased.size();
    }

    private static final class Bundled {
        static final CommonPasswords LIST = load();

        private static CommonPasswords load() {
            try (InputStream in = CommonPasswords.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled " + BUNDLED + " is missing");
                }
                var set = new HashSet<String>(16_384);
                var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isEmpty() && !line.startsWith("#")) {
                        set.add(line.toLowerCase(Locale.ROOT));
                    }
                }
                return new CommonPasswords(set);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
