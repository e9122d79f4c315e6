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
 * (template.yaml's {@code JAVA_TOOL_OPTIONS}), and times it from process start to a given output line.
 */
public final class ChildJvm {
    /** template.yaml's JAVA_TOOL_OPTIONS for every function that does not set its own. */
    public static final List<String> LAMBDA_JVM_OPTIONS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    /** identity-api's own: full tiered compilation, for its Argon2id checks (template.yaml says why). */
    public static final List<String> IDENTITY_API_JVM_OPTIONS = List.of("-XX:+TieredCompilation");

    /** The options template.yaml gives {@code function} ({@code FunctionsJvmOptionsTest} holds them equal). */
    public static List<String> lambdaJvmOptions(String function) {
        return "identity-api".equals(function) ? IDENTITY_API_JVM_OPTIONS : LAMBDA_JVM_OPTIONS;
    }

    private ChildJvm() {
    }

    /**
     * What the child printed, how long after its start the awaited line came, and when each
     * line came ({@code lineTimes.get(i)} is the time of {@code lines.get(i)}).
     */
    public record Run(List<String> lines, Duration untilLine, int exitCode, String errors, List<Duration> lineTimes) {
        /** When the first line equal to {@code line} came, or null if none did. */
        public Duration timeOf(String line) {
            int index = lines.indexOf(line);
            return index < 0 ? null : lineTimes.get(index);
        }
    }

    public static Run run(List<String> classpath, String mainClass, List<String> args, Map<String, String> env,
                          String awaitedLine) throws IOException, InterruptedException {
        return run(LAMBDA_JVM_OPTIONS, classpath, mainClass, args, env, awaitedLine);
    }

    /** The same with other JVM options (a flag being measured, or {@code -Xlog} output on standard output). */
    public static Run run(List<String> jvmOptions, List<String> classpath, String mainClass, List<String> args,
                          Map<String, String> env, String awaitedLine) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
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
        List<Duration> lineTimes = new ArrayList<>();
        Duration untilLine = null;
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                Duration at = Duration.ofNanos(System.nanoTime() - start);
                if (untilLine == null && line.equals(awaitedLine)) {
                    untilLine = at;
                }
                lines.add(line);
                lineTimes.add(at);
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(lines, untilLine, process.exitValue(), errors, lineTimes);
    }
}
