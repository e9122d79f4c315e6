package io.cognate.ports;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.devices.UserDevices;

/**
 * Users' devices in the Directory, beside each user (same partition, so they replicate with it
 * and go when the user is deleted). Writes are fenced like every Directory write: they commit
 * only while this region's copy of {@code fence} still names it leader, else
 * {@link UserDirectory.FencedOut}.
 */
public interface DeviceStore {
    /** A strongly consistent read; {@link UserDevices#none()} when the user never confirmed a device. */
    UserDevices find(String sub);

    /**
     * Writes the user's devices whole, in one transaction with the fence, provided the user still
     * exists and the stored devices are still at {@code expectedVersion} (0: none stored). The
     * version stored is the one {@code devices} carries. Throws {@link Conflict} otherwise.
     */
    void put(String sub, UserDevices devices, long expectedVersion, LeaderRecord fence);

    /** The user is gone, or another write changed the devices since they were read. */
    final class Conflict extends RuntimeException {
        public Conflict() {
            super("devices changed or user gone", null, false, false);
        }
    }
}
