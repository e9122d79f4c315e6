package io.cognate.it;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs one of the {@code cognate} script's commands in this JVM, as the script runs its main, and keeps what it printed. */
final class CommandRuns {
    private CommandRuns() {
    }

    /** A command's {@code run(args, out, err)}. */
    @FunctionalInterface
    interface Command {
        int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
    }

    /** What one run answered: its exit code and what it wrote to each stream. */
    record Run(int exit, String out, String err) {
    }

    static Run run(Command command, String... args) throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = command.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
