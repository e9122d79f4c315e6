package io.cognate.domain.json;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 reader of one JSON object: nothing after it, no duplicate names, no
 * comments, single quotes, bare names, NaN or infinities, no control characters inside strings,
 * nesting at most {@value #MAX_DEPTH} deep unless the caller allows more. Values come out as
 * Nimbus's {@code JSONObjectUtils.parse} gives them (strings, {@code Long} where the number is
 * an integer that fits, else {@code Double}, {@code Boolean}, {@code null}, lists and
 * insertion-ordered maps), so code written against either reads both alike; {@code StrictJsonTest}
 * compares the two on random documents.
 *
 * <p>Why not Nimbus's reader: on a fresh token it was the largest cost after the RSA check
 * itself (4–10 µs of Gson per access token on the two-core machine, against about 1 µs for this
 * reader; docs/performance.md), and its first use builds a Gson instance, about 160 classes of a
 * cold start. It reads tokens' headers and claims, and KMS's and DynamoDB's answers where no
 * Jackson is at hand (the token-verifier carries none).
 */
public final class StrictJson {
    public static final int MAX_DEPTH = 32;

    private final String text;
    private final int maxDepth;
    private int at;

    private StrictJson(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /** The object {@code json} holds; a {@link ParseException} for anything else. */
    public static Map<String, Object> parseObject(String json) throws ParseException {
        return parseObject(json, MAX_DEPTH);
    }

    /** The same, nesting at most {@code maxDepth} deep (DynamoDB's answers: an item alone nests up to 32 levels). */
    public static Map<String, Object> parseObject(String json, int maxDepth) throws ParseException {
        StrictJson reader = new StrictJson(json, maxDepth);
        reader.skipWhitespace();
        if (reader.at >= json.length() || json.charAt(reader.at) != '{') {
            throw reader.error("a JSON object expected");
        }
        Map<String, Object> object = reader.object(1);
        reader.skipWhitespace();
        if (reader.at != json.length()) {
            throw reader.error("data after the object");
        }
        return object;
    }

    private Map<String, Object> object(int depth) throws ParseException {
        checkDepth(depth);
        at++; // '{'
        Map<String, Object> object = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            at++;
            return object;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("a quoted name expected");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = value(depth);
            if (object.containsKey(name)) {
                throw error("duplicate name");
            }
            object.put(name, value);
            skipWhitespace();
            char next = next();
            if (next == '}') {
                return object;
            }
            if (next != ',') {
                throw error("',' or '}' expected");
            }
        }
    }

    private List<Object> array(int depth) throws ParseException {
        checkDepth(depth);
        at++; // '['
        List<Object> array = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            at++;
            return array;
        }
        while (true) {
            skipWhitespace();
            array.add(value(depth));
            skipWhitespace();
            char next = next();
            if (next == ']') {
                return array;
            }
            if (next != ',') {
                throw error("',' or ']' expected");
            }
        }
    }

    private Object value(int depth) throws ParseException {
        char c = peek();
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("a value expected");
            }
        };
    }

    private Object literal(String word, Object value) throws ParseException {
        if (!text.startsWith(word, at)) {
            throw error("a value expected");
        }
        at += word.length();
        return value;
    }

    private Object number() throws ParseException {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("a digit expected");
        }
        boolean integer = true;
        if (peek() == '.') {
            integer = false;
            at++;
            if (!isDigit(peek())) {
                throw error("a digit expected after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integer = false;
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (!isDigit(peek())) {
                throw error("a digit expected in the exponent");
            }
            digits();
        }
        String token = text.substring(start, at);
        if (integer) {
            try {
                return Long.parseLong(token);
            } catch (NumberFormatException tooLarge) {
                // Beyond a long: a double, as Nimbus's reader gives it.
            }
        }
        double value = Double.parseDouble(token);
        if (Double.isInfinite(value)) {
            throw error("number out of range");
        }
        return value;
    }

    private void digits() {
        while (isDigit(peek())) {
            at++;
        }
    }

    private String string() throws ParseException {
        at++; // the opening quote
        int start = at;
        int length = text.length();
        while (at < length) {
            char c = text.charAt(at);
            if (c == '"') {
                return text.substring(start, at++);
            }
            if (c == '\\') {
                return escapedString(start);
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            at++;
        }
        throw error("unterminated string");
    }

    /** The rest of a string that holds an escape, from {@code start}; {@code at} is on the first backslash. */
    private String escapedString(int start) throws ParseException {
        StringBuilder out = new StringBuilder(text.length() - start);
        out.append(text, start, at);
        int length = text.length();
        while (at < length) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= length) {
                break;
            }
            char escape = text.charAt(at++);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(hexCharacter());
                default -> throw error("unknown escape");
            }
        }
        throw error("unterminated string");
    }

    private char hexCharacter() throws ParseException {
        if (at + 4 > text.length()) {
            throw error("short \\u escape");
        }
        int value = 0;
        for (int k = 0; k < 4; k++) {
            int digit = Character.digit(text.charAt(at++), 16);
            if (digit < 0) {
                throw error("bad \\u escape");
            }
            value = (value << 4) | digit;
        }
        return (char) value;
    }

    private void skipWhitespace() {
        int length = text.length();
        while (at < length) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private void checkDepth(int depth) throws ParseException {
        if (depth > maxDepth) {
            throw error("nested too deep");
        }
    }

    private void expect(char wanted) throws ParseException {
        if (next() != wanted) {
            throw error("'" + wanted + "' expected");
        }
    }

    /** The character at the cursor, or 0 at the end (never valid where a character is looked for). */
    private char peek() {
        return at < text.length() ? text.charAt(at) : 0;
    }

    private char next() throws ParseException {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at++);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private ParseException error(String what) {
        return new ParseException("Invalid JSON: " + what, at);
    }
}
