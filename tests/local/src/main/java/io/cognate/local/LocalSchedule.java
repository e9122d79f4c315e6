package io.cognate.local;

import io.cognate.local.events.EventRuleInvoker;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The local stand-in for each region's EventBridge schedule rule: every interval it sends a real
 * scheduled event to the health-check function of every region that is up, unless that region's
 * previous run is still going (a run lasts about one interval).
 */
final class LocalSchedule implements AutoCloseable {
    private static final String RULE = "cognate-health-check-schedule";

    private final Duration interval;
    private final List<LocalRegion> regions;
    private final Predicate<String> isDown;
    private final Clock clock;
    private final PrintStream console;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Thread> runs = new ConcurrentHashMap<>();
    private final Thread loop;
    private volatile boolean stopped;

    LocalSchedule(Duration interval, List<LocalRegion> regions, Predicate<String> isDown, Clock clock, PrintStream console) {
        this.interval = interval;
        this.regions = List.copyOf(regions);
        this.isDown = isDown;
        this.clock = clock;
        this.console = console;
        this.loop = Thread.ofPlatform().daemon().name("local-schedule").unstarted(this::fire);
    }

    LocalSchedule start() {
        loop.start();
        return this;
    }

    private void fire() {
        while (!stopped) {
            for (LocalRegion region : regions) {
                if (!isDown.test(region.name()) && running.add(region.name())) {
                    runs.put(region.name(), Thread.ofVirtual().name("health-check-" + region.name()).start(() -> run(region)));
                }
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void run(LocalRegion region) {
        try {
            region.watch().invoke(EventRuleInvoker.scheduledEvent(region.name(), RULE, clock.instant()), interval.multipliedBy(2));
        } catch (RuntimeException e) {
            if (!stopped) {
                console.println("schedule: the health-check run in " + region.name() + " failed: " + e);
            }
        } finally {
            running.remove(region.name());
            runs.remove(region.name());
        }
    }

    @Override
    public void close() {
        stopped = true;
        loop.interrupt();
        runs.values().forEach(Thread::interrupt);
        try {
            loop.join(Duration.ofSeconds(5));
            for (Thread run : List.copyOf(runs.values())) {
                run.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
