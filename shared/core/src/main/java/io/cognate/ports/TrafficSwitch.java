package io.cognate.ports;

import io.cognate.domain.failover.TrafficFlip;
import java.util.Optional;

/** Points the pool's public name at one region. Idempotent: pointing twice at a region is harmless. */
public interface TrafficSwitch {
    TrafficFlip pointAt(String region);

    /** Where traffic points now, if the switch can tell. */
    Optional<String> current();

    /** A switch for deployments that move traffic by other means (tests, a single region). */
    static TrafficSwitch none() {
        return new TrafficSwitch() {
            @Override
            public TrafficFlip pointAt(String region) {
                return new TrafficFlip(region, "none", true);
            }

            @Override
            public Optional<String> current() {
                return Optional.empty();
            }
        };
    }
}
