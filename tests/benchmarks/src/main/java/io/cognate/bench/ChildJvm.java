package io.cognate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a Java program in a new JVM with the JVM options Cognate's functions get on Lambda
 * ({@code -XX:TieredStopAtLevel=1}), and times it from process start to a given output line.
 */
public final class ChildJvm {
    /** template.yaml's JAVA_TOOL_OPTIONS. */
    public static final List<String> LAMBDA_JVM_OPTIONS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    private ChildJvm() {
    }

    /** What the child printed, and how long after its start the awaited line came. */
    public record Run(List<String> lines, Duration untilLine, int exitCode, String errors) {
    }

    public static Run run(List<String> classpath, String mainClass, List<String> args, Map<String, String> env,
                          String awaitedLine) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_JVM_OPTIONS);
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classpath));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.redirectError(ProcessBuilder.Redirect.PIPE);
        long start = System.nanoTime();
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        Duration untilLine = null;
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (untilLine == null && line.equals(awaitedLine)) {
                    untilLine = Duration.ofNanos(System.nanoTime() - start);
                }
                lines.add(line);
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(lines, untilLine, process.exitValue(), errors);
    }
}
