package io.cognate.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.local.events.LocalEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes each scenario's failover time, from the {@code FailoverCompleted} event's timings, to
 * {@code tests/integration/target/failover-times.txt} and stdout: from the first failed probe to the new
 * primary writable and the traffic flipped, split into detection, promotion and flip.
 */
final class FailoverTimes {
    static final Path FILE = Path.of("target", "failover-times.txt");
    private static boolean started;

    private FailoverTimes() {
    }

    static synchronized void record(String scenario, LocalEvent event) {
        JsonNode t = event.detail().path("timings");
        String line = String.format("%-46s %-19s %s -> %s  total %6d ms  (detection %6d ms, promotion %4d ms, flip %4d ms)%n",
                scenario, event.detailType(), event.detailText("fromRegion"), event.detailText("toRegion"),
                t.path("totalMs").asLong(), t.path("detectionMs").asLong(0), t.path("promotionMs").asLong(),
                t.path("flipMs").asLong());
        System.out.print("failover time: " + line);
        try {
            Files.createDirectories(FILE.getParent());
            // Each test run starts the file afresh, then appends a line per scenario.
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    started ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            started = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
