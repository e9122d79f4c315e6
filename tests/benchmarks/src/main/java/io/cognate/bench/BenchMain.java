package io.cognate.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code ./cognate bench [regex]}: runs the JMH benchmarks in this package (all, or those whose
 * name matches), one fork each, and prints JMH's table. The numbers in docs/performance.md come
 * from this command.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException {
        String include = args.length > 0 ? args[0] : BenchMain.class.getPackageName() + "\\..*Bench.*";
        var results = new Runner(new OptionsBuilder()
                .include(include)
                .forks(1)
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED")
                .verbosity(VerboseMode.NORMAL)
                .build()).run();
        TokenVerificationSummary.print(results, System.out);
    }
}
