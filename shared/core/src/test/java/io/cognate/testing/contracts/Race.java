package io.cognate.testing.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Calls racing each other: each on its own thread, all released together once every thread is
 * waiting, so the store sees them as close together as threads allow. Collects what each call
 * returned or threw, in the order the calls were given.
 */
public final class Race {
    /** Bounds a hung store, so a broken implementation fails instead of blocking the build. */
    private static final long GIVE_UP_SECONDS = 60;

    private Race() {
    }

    /** What one racer got: a value, or the runtime exception it threw. */
    public record Outcome<T>(T value, RuntimeException thrown) {
        public boolean succeeded() {
            return thrown == null;
        }
    }

    public static <T> List<Outcome<T>> run(int racers, IntFunction<Callable<T>> racer) {
        CountDownLatch ready = new CountDownLatch(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome<T>>> futures = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        try {
            for (int i = 0; i < racers; i++) {
                Callable<T> call = racer.apply(i);
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return new Outcome<>(call.call(), null);
                    } catch (RuntimeException thrown) {
                        return new Outcome<T>(null, thrown);
                    }
                }));
            }
            ready.await(GIVE_UP_SECONDS, TimeUnit.SECONDS);
            go.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<Outcome<T>> future : futures) {
                outcomes.add(future.get(GIVE_UP_SECONDS, TimeUnit.SECONDS));
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while racing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a racer did not finish", e);
        } finally {
            threads.shutdownNow(); // by now every racer is done, unless one hung
        }
    }

    public static <T> long successes(List<Outcome<T>> outcomes) {
        return outcomes.stream().filter(Outcome::succeeded).count();
    }
}
