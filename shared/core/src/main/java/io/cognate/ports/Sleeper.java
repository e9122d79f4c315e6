package io.cognate.ports;

import java.time.Duration;

/** Waits between probes; tests replace it to run the schedule on a virtual clock. */
public interface Sleeper {
    void sleep(Duration duration);

    /** Really sleeps; an interrupt ends the wait early and stays set for the caller to see. */
    static Sleeper system() {
        return duration -> {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
