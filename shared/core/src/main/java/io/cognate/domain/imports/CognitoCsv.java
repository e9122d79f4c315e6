package io.cognate.domain.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cognito's user import CSV, read a record at a time: a header line of the columns GetCSVHeader
 * names ({@code cognito:username} required), then one user a line, RFC 4180 quoting, a record on
 * one line. Empty cells are left out, and {@code cognito:mfa_enabled} is read and ignored.
 *
 * <p>Cognate reads one more column, {@value #HASH_COLUMN}: a password hash in a format the import
 * accepts (bcrypt, PBKDF2-SHA256, scrypt, Firebase scrypt, Argon2). A row with a hash moves in
 * CONFIRMED and signs in with its old password; a row without one (or a file without the column)
 * moves in RESET_REQUIRED, as Cognito's import moves in every user.
 */
public final class CognitoCsv {
    public static final String USERNAME_COLUMN = "cognito:username";
    public static final String HASH_COLUMN = "cognate:password_hash";
    private static final String MFA_COLUMN = "cognito:mfa_enabled";

    /** One input line: a record, or why it could not be read. */
    public record Row(long lineNumber, UserImport.Record record, String problem) {
    }

    /** The file cannot be read as an import at all (no header, or no username column). */
    public static final class BadHeader extends IOException {
        public BadHeader(String message) {
            super(message);
        }
    }

    private final BufferedReader in;
    private long lineNumber;
    private List<String> header;

    public CognitoCsv(BufferedReader in) {
        this.in = in;
    }

    /** The next non-blank line after the header, or null at the end. */
    public Row next() throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = split(line);
            if (header == null) {
                if (cells == null || !cells.contains(USERNAME_COLUMN)) {
                    throw new BadHeader("the CSV header has no " + USERNAME_COLUMN + " column");
                }
                header = cells;
                continue;
            }
            if (cells == null) {
                return new Row(lineNumber, null, "unbalanced quotes");
            }
            if (cells.size() != header.size()) {
                return new Row(lineNumber, null, "expected " + header.size() + " cells, found " + cells.size());
            }
            String username = "";
            String hash = "";
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                String column = header.get(i);
                String value = cells.get(i);
                switch (column) {
                    case USERNAME_COLUMN -> username = value;
                    case HASH_COLUMN -> hash = value;
                    case MFA_COLUMN -> { }
                    default -> {
                        if (!value.isEmpty()) {
                            attributes.put(column, value);
                        }
                    }
                }
            }
            return new Row(lineNumber, new UserImport.Record(username, hash, attributes), null);
        }
        return null;
    }

    /** The cells of one line, or null when its quotes do not balance. */
    public static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        cells.add(cell.toString());
        return cells;
    }
}
