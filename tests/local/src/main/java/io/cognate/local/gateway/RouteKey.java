package io.cognate.local.gateway;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP API route key such as {@code GET /health}, {@code ANY /demo/{proxy+}} or {@code $default}.
 * Path segments are literals, single-segment variables ({@code {id}}) or one trailing greedy
 * variable ({@code {proxy+}}) that captures at least one segment, as in API Gateway.
 */
public record RouteKey(String key, String method, List<Segment> segments) {

    public static final String DEFAULT = "$default";
    static final String ANY = "ANY";

    /** API Gateway picks the most specific route: exact paths, then variables, then greedy, then $default. */
    static final Comparator<RouteKey> MOST_SPECIFIC_FIRST = Comparator
            .comparingInt(RouteKey::kind)
            .thenComparing(Comparator.comparingLong(RouteKey::literalCount).reversed())
            .thenComparing(Comparator.comparingInt(RouteKey::segmentCount).reversed())
            .thenComparing(route -> route.method().equals(ANY));

    public RouteKey {
        segments = List.copyOf(segments);
    }

    public static RouteKey parse(String key) {
        String trimmed = key.trim();
        if (trimmed.equals(DEFAULT)) {
            return new RouteKey(DEFAULT, ANY, List.of());
        }
        String[] parts = trimmed.split("\\s+");
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new IllegalArgumentException("route key must look like 'GET /path' or '$default': " + key);
        }
        String method = parts[0].toUpperCase(Locale.ROOT);
        List<Segment> segments = splitPath(parts[1]).stream().map(Segment::parse).toList();
        for (int i = 0; i < segments.size() - 1; i++) {
            if (segments.get(i).greedy()) {
                throw new IllegalArgumentException("a greedy {name+} variable must be the last segment: " + key);
            }
        }
        return new RouteKey(method + " " + parts[1], method, segments);
    }

    public boolean isDefault() {
        return key.equals(DEFAULT);
    }

    /** The path parameters when this route accepts the request, empty otherwise. */
    public Optional<Map<String, String>> match(String requestMethod, String rawPath) {
        if (isDefault()) {
            return Optional.of(Map.of());
        }
        if (!method.equals(ANY) && !method.equals(requestMethod)) {
            return Optional.empty();
        }
        List<String> path = splitPath(rawPath);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (segment.greedy()) {
                if (i >= path.size()) {
                    return Optional.empty();
                }
                String rest = String.join("/", path.subList(i, path.size()));
                if (rest.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(segment.name(), rest);
                return Optional.of(parameters);
            }
            if (i >= path.size()) {
                return Optional.empty();
            }
            String value = path.get(i);
            if (segment.variable()) {
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(segment.name(), value);
            } else if (!segment.name().equals(value)) {
                return Optional.empty();
            }
        }
        return path.size() == segments.size() ? Optional.of(parameters) : Optional.empty();
    }

    private int kind() {
        if (isDefault()) {
            return 3;
        }
        if (segments.stream().anyMatch(Segment::greedy)) {
            return 2;
        }
        return segments.stream().anyMatch(Segment::variable) ? 1 : 0;
    }

    private long literalCount() {
        return segments.stream().filter(segment -> !segment.variable()).count();
    }

    private int segmentCount() {
        return segments.size();
    }

    /** "/" has no segments; "/a/b" has two; a trailing slash yields an empty last segment. */
    static List<String> splitPath(String path) {
        if (path.isEmpty() || path.equals("/")) {
            return List.of();
        }
        String withoutLeadingSlash = path.startsWith("/") ? path.substring(1) : path;
        return Arrays.asList(withoutLeadingSlash.split("/", -1));
    }

    @Override
    public String toString() {
        return key;
    }

    /** A literal path segment, or a variable (its name without braces and plus sign). */
    public record Segment(String name, boolean variable, boolean greedy) {

        static Segment parse(String text) {
            if (text.startsWith("{") && text.endsWith("}")) {
                String inner = text.substring(1, text.length() - 1);
                boolean greedy = inner.endsWith("+");
                String name = greedy ? inner.substring(0, inner.length() - 1) : inner;
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("empty path variable: " + text);
                }
                return new Segment(name, true, greedy);
            }
            return new Segment(text, false, false);
        }
    }
}
