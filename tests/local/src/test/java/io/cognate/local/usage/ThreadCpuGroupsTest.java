package io.cognate.local.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuGroupsTest {

    @Test
    void theStacksThreadNamesTellItsPartsApart() {
        assertThat(ThreadCpuGroups.groupOf("local-dynamodb-us-east-1-12")).isEqualTo("dynamodb");
        assertThat(ThreadCpuGroups.groupOf("local-kms-eu-west-1-3")).isEqualTo("kms");
        assertThat(ThreadCpuGroups.groupOf("global-table-replicator")).isEqualTo("replicator");
        assertThat(ThreadCpuGroups.groupOf("local-eventbridge-0")).isEqualTo("eventbridge");
        assertThat(ThreadCpuGroups.groupOf("local-gateway-us-east-1-7")).isEqualTo("gateway");
        assertThat(ThreadCpuGroups.groupOf("local-front-door-2")).isEqualTo("gateway");
        assertThat(ThreadCpuGroups.groupOf("HttpClient-1-Worker-0")).isEqualTo("gateway");
        assertThat(ThreadCpuGroups.groupOf("AwsEventLoop 1")).isEqualTo("sdkEventLoops");
        assertThat(ThreadCpuGroups.groupOf("SQLiteQueue[shared-local-instance.db]")).isEqualTo("dynamodb");
        assertThat(ThreadCpuGroups.groupOf("load-worker-3")).isEqualTo("load");
        assertThat(ThreadCpuGroups.groupOf("main")).isEqualTo("other");
        assertThat(ThreadCpuGroups.groupOf(null)).isEqualTo("other");
    }

    @Test
    void aThreadThatDiesKeepsCounting() throws InterruptedException {
        var groups = new ThreadCpuGroups();
        long before = groups.sample().getOrDefault("kms", 0L);
        CountDownLatch sampled = new CountDownLatch(1);
        Thread worker = Thread.ofPlatform().name("local-kms-test-1").start(() -> {
            long until = System.nanoTime() + 50_000_000;
            long spin = 0;
            while (System.nanoTime() < until) {
                spin++;
            }
            try {
                sampled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (spin < 0) {
                System.out.println(spin);
            }
        });
        // Sampled while it lives (after its busy part), then after it has died: the time stays.
        Thread.sleep(200);
        long whileAlive = groups.sample().getOrDefault("kms", 0L);
        sampled.countDown();
        worker.join();
        long afterDeath = groups.sample().getOrDefault("kms", 0L);
        assertThat(whileAlive - before).isPositive();
        assertThat(afterDeath).isGreaterThanOrEqualTo(whileAlive);
    }
}
