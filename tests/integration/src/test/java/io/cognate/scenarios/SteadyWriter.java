package io.cognate.scenarios;

import io.cognate.it.PoolUsers;
import io.cognate.local.LocalCognate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;

/**
 * A steady stream of sign-ups through the front door, as an app's users would send them during a
 * switchover. Records every sign-up the pool acknowledged, and every refusal by its error type.
 */
final class SteadyWriter implements AutoCloseable {
    private final PoolUsers users;
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    SteadyWriter(LocalCognate stack) {
        this.users = PoolUsers.viaFrontDoor(stack);
        this.thread = Thread.ofPlatform().name("steady-writer").start(this::write);
    }

    private void write() {
        while (running) {
            String username = PoolUsers.newUsername();
            try {
                users.signUp(username, PoolUsers.PASSWORD);
                acknowledged.add(username);
            } catch (CognitoIdentityProviderException e) {
                refusals.computeIfAbsent(e.awsErrorDetails().errorCode(), k -> new AtomicInteger()).incrementAndGet();
            } catch (RuntimeException e) {
                refusals.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    /** Waits until at least {@code more} further sign-ups were acknowledged (bounded by {@code attempts} polls). */
    void awaitMoreAcknowledged(int more) throws InterruptedException {
        int target = acknowledged.size() + more;
        for (int i = 0; i < 600 && acknowledged.size() < target; i++) {
            Thread.sleep(50); // polling the writer's progress, bounded to 30 s
        }
    }

    /** Stops writing, waits for the sign-up in flight, and returns every acknowledged username. */
    List<String> stop() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        users.close();
        return new ArrayList<>(acknowledged);
    }

    Map<String, Integer> refusals() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        refusals.forEach((type, count) -> copy.put(type, count.get()));
        return copy;
    }

    @Override
    public void close() {
        if (running) {
            stop();
        }
    }
}
