package io.cognate.bench.chaos;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Watches the stack as an operator would, every {@link #POLL_MS} ms: where the pool's public
 * name points (each change kept with its time), and how many regions that are up believe they
 * lead, by their own copy of the leader record. Time with two or more such regions is
 * double-leader time: measured to the poll's resolution, so a window shorter than one poll may
 * be missed, and one seen is counted as whole polls.
 */
final class LeaderWatch implements AutoCloseable {
    /** A tenth of the local stack's 1 s probe interval: fine enough to see a flip's moment. */
    static final long POLL_MS = 100;

    /** The public name started pointing at {@code region} at {@code atMs}. */
    record Flip(long atMs, String region) {
    }

    /** A stretch during which more than one reachable region held itself the leader. */
    record DoubleLeader(long fromMs, long toMs, List<String> regions) {
    }

    private final LocalCognate stack;
    private final LongSupplier elapsedMs;
    private final List<Flip> flips = new ArrayList<>();
    private final List<DoubleLeader> doubleLeaders = new ArrayList<>();
    private final Thread trafficThread;
    private final Thread leaderThread;
    private volatile boolean running = true;
    private volatile String traffic;
    private volatile String leader;
    private volatile long epoch;

    LeaderWatch(LocalCognate stack, LongSupplier elapsedMs) {
        this.stack = stack;
        this.elapsedMs = elapsedMs;
        this.traffic = stack.trafficRegion().orElse(null);
        this.leader = stack.activeRegion();
        this.epoch = stack.leaderEpoch();
        this.trafficThread = Thread.ofPlatform().daemon().name("chaos-traffic-watch").start(this::watchTraffic);
        this.leaderThread = Thread.ofPlatform().daemon().name("chaos-leader-watch").start(this::watchLeaders);
    }

    /** The public name, polled on its own: it is an in-memory record, so each poll is cheap and flips are seen to the poll. */
    private void watchTraffic() {
        while (running) {
            String current = stack.trafficRegion().orElse(null);
            if (current != null && !current.equals(traffic)) {
                synchronized (flips) {
                    flips.add(new Flip(elapsedMs.getAsLong(), current));
                }
                traffic = current;
            }
            if (!pause()) {
                return;
            }
        }
    }

    /** Each region's own copy of the leader record: a DynamoDB read per region per poll. */
    private void watchLeaders() {
        Long doubleSince = null;
        List<String> doubleRegions = List.of();
        while (running) {
            long now = elapsedMs.getAsLong();
            List<String> leaders = new ArrayList<>();
            for (LocalRegion region : stack.regions()) {
                if (!stack.isDown(region.name()) && "primary".equals(region.role())) {
                    leaders.add(region.name());
                }
            }
            if (leaders.size() > 1 && doubleSince == null) {
                doubleSince = now;
                doubleRegions = leaders;
            } else if (leaders.size() <= 1 && doubleSince != null) {
                synchronized (doubleLeaders) {
                    doubleLeaders.add(new DoubleLeader(doubleSince, now, doubleRegions));
                }
                doubleSince = null;
            }
            if (leaders.size() == 1) {
                leader = leaders.getFirst();
            }
            epoch = stack.leaderEpoch();
            if (!pause()) {
                break;
            }
        }
        if (doubleSince != null) {
            synchronized (doubleLeaders) {
                doubleLeaders.add(new DoubleLeader(doubleSince, elapsedMs.getAsLong(), doubleRegions));
            }
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(POLL_MS);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    String traffic() {
        return traffic;
    }

    String leader() {
        return leader;
    }

    long epoch() {
        return epoch;
    }

    /** The first flip at or after {@code fromMs} and before {@code toMs}. */
    Optional<Flip> firstFlipBetween(long fromMs, long toMs) {
        synchronized (flips) {
            return flips.stream().filter(f -> f.atMs() >= fromMs && f.atMs() < toMs).findFirst();
        }
    }

    List<DoubleLeader> doubleLeaders() {
        synchronized (doubleLeaders) {
            return List.copyOf(doubleLeaders);
        }
    }

    /** Double-leader milliseconds overlapping [{@code fromMs}, {@code toMs}). */
    long doubleLeaderMsBetween(long fromMs, long toMs) {
        long total = 0;
        for (DoubleLeader stretch : doubleLeaders()) {
            total += Math.max(0, Math.min(stretch.toMs(), toMs) - Math.max(stretch.fromMs(), fromMs));
        }
        return total;
    }

    long doubleLeaderMs() {
        return doubleLeaderMsBetween(0, Long.MAX_VALUE);
    }

    @Override
    public void close() {
        running = false;
        trafficThread.interrupt();
        leaderThread.interrupt();
        try {
            trafficThread.join(5_000);
            leaderThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
