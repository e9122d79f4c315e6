package io.cognate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.adapters.passwords.LegacyPasswordHashes;
import io.cognate.domain.CognitoException;
import io.cognate.domain.WriteFence;
import io.cognate.domain.imports.CognitoCsv;
import io.cognate.domain.imports.RecentLeaderRecord;
import io.cognate.domain.imports.UserImport;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./cognate import FILE TARGET}: moves users in with the password hashes they have
 * (bcrypt, PBKDF2-SHA256 in Django's format, scrypt in passlib's format, Firebase's scrypt
 * variant, Argon2 PHC strings), writing to one region's Directory table through the fence, as
 * every write does: run it against the leading region. Each user signs in with the old password
 * and is rehashed to Argon2id at that first sign-in.
 *
 * <p>FILE is JSON lines, one user a line:
 * {@code {"username":"alice","passwordHash":"$2b$12$...","attributes":{"email":"alice@example.com","email_verified":"true"}}},
 * or a CSV file with Cognito's import header ({@code cognito:username} and the attribute
 * columns, as GetCSVHeader gives them) and one more column, {@code cognate:password_hash}
 * ({@link CognitoCsv}); empty cells are left out, and Cognito's {@code cognito:mfa_enabled} column
 * is read and ignored. A user with no hash (JSON without {@code passwordHash}, an empty cell or no
 * hash column) moves in RESET_REQUIRED, as Cognito's import moves in every user.
 *
 * <p>A progress line (done, imported, skipped, rejected, rate, ETA) is redrawn on standard error
 * once a second. A user whose username is taken is skipped and never overwritten, so a run that
 * stopped is resumed by running it again. Each rejected line is written to {@code FILE.rejects}
 * (JSON lines: line number, username, reason, never the hash), and the run ends with 1 if any
 * line was rejected.
 */
public final class ImportCommand {
    private static final String USAGE = """
            usage: ./cognate import FILE [--threads N] TARGET
            FILE:   users as JSON lines (.jsonl) or Cognito's CSV import format (.csv), optionally with a cognate:password_hash column
            TARGET: --local [FRONT_DOOR_URL]                    the running local stack (default http://127.0.0.1:8080)
                  | --region REGION --env ENV --data-key-id ID  a deployment's leading region
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImportCommand() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** One run; 0 when every line was imported or skipped, 1 when some were rejected, 2 on a usage error. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Deque<String> rest = new ArrayDeque<>(args);
        Path file = null;
        int threads = 8;
        var where = new CommandTarget.Flags();
        while (!rest.isEmpty()) {
            String arg = rest.pollFirst();
            switch (arg) {
                case "--threads" -> threads = Integer.parseInt(String.valueOf(rest.pollFirst()));
                default -> {
                    if (where.take(arg, rest)) {
                        continue;
                    }
                    if (arg.startsWith("--") || file != null) {
                        err.print(USAGE);
                        return 2;
                    }
                    file = Path.of(arg);
                }
            }
        }
        if (file == null || !where.complete(true) || threads < 1) {
            err.print(USAGE);
            return 2;
        }
        if (!Files.isReadable(file)) {
            err.println("cannot read " + file);
            return 2;
        }
        CommandTarget target = where.target();
        try (var clients = target.clients()) {
            var leaders = new DynamoDbLeaderRecords(clients.dynamo(), target.controlTable(), Clock.systemUTC());
            var directory = new DynamoDbUserDirectory(clients.dynamo(), target.directoryTable(), target.controlTable(),
                    target.region());
            // Read once a second, not once a user: every write's transaction checks it anyway.
            var importer = new UserImport(directory, new WriteFence(target.region(),
                    new RecentLeaderRecord(leaders, Duration.ofSeconds(1), Clock.systemUTC())),
                    LegacyPasswordHashes::format, Clock.systemUTC());
            Summary summary = importFile(importer, file, threads, err);
            out.printf("%d imported, %d skipped (already there), %d rejected%s in %.1f s (%.0f users/s)%n",
                    summary.imported(), summary.skipped(), summary.rejected(),
                    summary.rejected() > 0 ? " (see " + rejectsFile(file) + ")" : "",
                    summary.elapsed().toMillis() / 1000.0, summary.rate());
            return summary.rejected() > 0 ? 1 : 0;
        }
    }

    /** What a run did. */
    public record Summary(long imported, long skipped, long rejected, Duration elapsed) {
        public double rate() {
            return (imported + skipped) * 1000.0 / Math.max(1, elapsed.toMillis());
        }
    }

    static Path rejectsFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".rejects");
    }

    /** Imports every line of {@code file} with {@code threads} writers, redrawing a progress line on {@code progress}. */
    public static Summary importFile(UserImport importer, Path file, int threads, PrintStream progress)
            throws IOException, InterruptedException {
        long total = countRecords(file);
        AtomicLong imported = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        long started = System.nanoTime();
        Semaphore inFlight = new Semaphore(threads * 4);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        var ticker = Executors.newSingleThreadScheduledExecutor();
        Runnable draw = () -> drawProgress(progress, total, imported.get(), skipped.get(), rejected.get(),
                System.nanoTime() - started);
        ticker.scheduleAtFixedRate(draw, 1, 1, TimeUnit.SECONDS);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             BufferedWriter rejects = Files.newBufferedWriter(rejectsFile(file), StandardCharsets.UTF_8)) {
            Reader reader = file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? new CsvReader(in) : new JsonLinesReader(in);
            for (Parsed parsed = reader.next(); parsed != null; parsed = reader.next()) {
                Parsed line = parsed;
                if (line.record() == null) {
                    reject(rejects, rejected, line.lineNumber(), "", line.problem());
                    continue;
                }
                inFlight.acquire();
                pool.execute(() -> {
                    try {
                        switch (importer.importUser(line.record())) {
                            case IMPORTED -> imported.incrementAndGet();
                            case SKIPPED -> skipped.incrementAndGet();
                        }
                    } catch (UserImport.Rejected invalid) {
                        reject(rejects, rejected, line.lineNumber(), line.record().username(), invalid.getMessage());
                    } catch (CognitoException refused) {
                        reject(rejects, rejected, line.lineNumber(), line.record().username(),
                                refused.type() + ": " + refused.getMessage());
                    } catch (RuntimeException failed) {
                        reject(rejects, rejected, line.lineNumber(), line.record().username(),
                                "write failed: " + failed.getClass().getSimpleName());
                    } finally {
                        inFlight.release();
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.DAYS);
        } finally {
            pool.shutdownNow();
            ticker.shutdownNow();
        }
        draw.run();
        progress.println();
        return new Summary(imported.get(), skipped.get(), rejected.get(), Duration.ofNanos(System.nanoTime() - started));
    }

    private static void reject(BufferedWriter rejects, AtomicLong rejected, long lineNumber, String username, String reason) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("line", lineNumber);
        entry.put("username", username == null ? "" : username);
        entry.put("reason", reason);
        synchronized (rejects) {
            try {
                rejects.write(JSON.writeValueAsString(entry));
                rejects.newLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        rejected.incrementAndGet();
    }

    private static void drawProgress(PrintStream progress, long total, long imported, long skipped, long rejected,
                                     long elapsedNanos) {
        long done = imported + skipped + rejected;
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        int width = 30;
        int filled = total == 0 ? width : (int) Math.min(width, done * width / total);
        String eta = rate > 0 && total > done ? formatDuration((long) ((total - done) / rate)) : "-";
        progress.printf("\r[%s%s] %d/%d  imported %d  skipped %d  rejected %d  %.0f/s  ETA %s   ",
                "#".repeat(filled), ".".repeat(width - filled), done, total, imported, skipped, rejected, rate, eta);
        progress.flush();
    }

    private static String formatDuration(long seconds) {
        return seconds >= 3600 ? "%dh%02dm".formatted(seconds / 3600, seconds / 60 % 60)
                : seconds >= 60 ? "%dm%02ds".formatted(seconds / 60, seconds % 60) : seconds + "s";
    }

    private static long countRecords(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            long count = lines.filter(line -> !line.isBlank()).count();
            return file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? Math.max(0, count - 1) : count;
        }
    }

    /** One input line: a record, or why it could not be read. */
    record Parsed(long lineNumber, UserImport.Record record, String problem) {
    }

    interface Reader {
        /** The next non-blank line, or null at the end. */
        Parsed next() throws IOException;
    }

    static final class JsonLinesReader implements Reader {
        private final BufferedReader in;
        private long lineNumber;

        JsonLinesReader(BufferedReader in) {
            this.in = in;
        }

        @Override
        public Parsed next() throws IOException {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = JSON.readTree(line);
                    if (!node.isObject()) {
                        return new Parsed(lineNumber, null, "not a JSON object");
                    }
                    Map<String, String> attributes = new LinkedHashMap<>();
                    JsonNode given = node.path("attributes");
                    if (!given.isMissingNode() && !given.isObject()) {
                        return new Parsed(lineNumber, null, "attributes is not an object");
                    }
                    for (var field : given.properties()) {
                        if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                            return new Parsed(lineNumber, null, "attribute value not a string: " + field.getKey());
                        }
                        attributes.put(field.getKey(), field.getValue().asText());
                    }
                    return new Parsed(lineNumber, new UserImport.Record(node.path("username").asText(""),
                            node.path("passwordHash").asText(""), attributes), null);
                } catch (IOException malformed) {
                    return new Parsed(lineNumber, null, "not valid JSON");
                }
            }
            return null;
        }
    }

    /** Cognito's import CSV, read by the same code as the import-job API's ({@link CognitoCsv}). */
    static final class CsvReader implements Reader {
        private final CognitoCsv csv;

        CsvReader(BufferedReader in) {
            this.csv = new CognitoCsv(in);
        }

        @Override
        public Parsed next() throws IOException {
            CognitoCsv.Row row = csv.next();
            return row == null ? null : new Parsed(row.lineNumber(), row.record(), row.problem());
        }
    }
}
