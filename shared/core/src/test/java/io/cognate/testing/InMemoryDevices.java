package io.cognate.testing;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.devices.UserDevices;
import io.cognate.ports.DeviceStore;

/**
 * Users' devices kept beside them in an {@link InMemoryUserDirectory}, written exactly as
 * DynamoDbDevices writes them: fenced like every Directory write ({@link
 * io.cognate.ports.UserDirectory.FencedOut} first), then {@link Conflict} unless the user exists
 * and the stored version is still the one expected (0: none stored). Deleting the user deletes them.
 */
public final class InMemoryDevices implements DeviceStore {
    private final InMemoryUserDirectory directory;

    /** The devices of {@code directory}'s users, fenced and written as that directory's region. */
    public InMemoryDevices(InMemoryUserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public UserDevices find(String sub) {
        return directory.devices(sub);
    }

    @Override
    public void put(String sub, UserDevices devices, long expectedVersion, LeaderRecord fence) {
        directory.putDevices(sub, devices, expectedVersion, fence);
    }
}
