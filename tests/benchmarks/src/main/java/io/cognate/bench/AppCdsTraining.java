package io.cognate.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * {@code ./cognate cold-start --app-cds}: the same launches on an application class-data sharing
 * archive (JDK's AppCDS, {@code -XX:SharedArchiveFile}) that one training launch of the same line
 * wrote at its exit ({@code -XX:ArchiveClassesAtExit}). The JVM archives classes from jars only,
 * so the driver's class directory is put in a jar first. This measures what such an archive could
 * save; it is not how Lambda would get one (see docs/performance.md).
 */
final class AppCdsTraining {
    /** The JVM options of the measured launches, and the classpath they and the training use. */
    record Archived(List<String> jvmOptions, List<String> classpath) {
    }

    private AppCdsTraining() {
    }

    static Archived train(List<String> jvmOptions, List<String> classpath, String mainClass, List<String> args,
                          Map<String, String> env, String line) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cognate-appcds");
        List<String> jars = new ArrayList<>();
        for (String entry : classpath) {
            Path path = Path.of(entry);
            jars.add(Files.isDirectory(path) ? jarOf(path, dir.resolve(path.getFileName() + "-" + jars.size() + ".jar"))
                    .toString() : entry);
        }
        Path archive = dir.resolve("app.jsa");
        List<String> training = new ArrayList<>(jvmOptions);
        training.add("-XX:ArchiveClassesAtExit=" + archive);
        ChildJvm.Run run = ChildJvm.run(training, jars, mainClass, args, env, line);
        if (run.untilLine() == null || !Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training launch wrote no archive; it printed " + run.lines()
                    + " and on stderr:\n" + run.errors());
        }
        List<String> measured = new ArrayList<>(jvmOptions);
        measured.add("-XX:SharedArchiveFile=" + archive);
        System.out.printf("    AppCDS archive %s: %,d bytes%n", archive, Files.size(archive));
        return new Archived(List.copyOf(measured), List.copyOf(jars));
    }

    private static Path jarOf(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
