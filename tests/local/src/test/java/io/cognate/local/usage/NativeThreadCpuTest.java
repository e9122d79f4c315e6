package io.cognate.local.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeThreadCpuTest {

    @Test
    void kernelThreadNamesTellTheGroups() {
        assertThat(NativeThreadCpu.groupOf("AwsEventLoop 3")).contains("sdkEventLoops");
        assertThat(NativeThreadCpu.groupOf("GC Thread#1")).contains("gc");
        assertThat(NativeThreadCpu.groupOf("G1 Conc#0")).contains("gc");
        assertThat(NativeThreadCpu.groupOf("C2 CompilerThre")).contains("jit");
        assertThat(NativeThreadCpu.groupOf("C1 CompilerThre")).contains("jit");
        assertThat(NativeThreadCpu.groupOf("local-dynamodb-")).isEmpty();
    }

    @Test
    void userAndSystemTicksAreReadPastANameWithSpaces() {
        String stat = "4242 (GC Thread#0) S 1 2 3 4 5 6 7 8 9 10 120 35 0 0 20 0 1 0 100 0 0";
        assertThat(NativeThreadCpu.ticks(stat)).isEqualTo(155);
    }

    @Test
    void onLinuxTheCollectorsThreadsAreFound() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc here");
        System.gc(); // the collector's threads have run at least once
        assertThat(NativeThreadCpu.sample()).containsKey("gc");
    }
}
