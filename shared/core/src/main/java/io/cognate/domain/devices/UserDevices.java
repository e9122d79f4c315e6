package io.cognate.domain.devices;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * All of one user's devices, stored whole in one Directory item beside the user, oldest first.
 * {@code version} counts writes: each write is conditional on the version it read, so two
 * requests racing cannot both win, and the bound on devices holds whatever arrives at once.
 */
public record UserDevices(List<Device> devices, long version) {
    /**
     * The most devices a user keeps. Cognito publishes no per-user device quota, and ConfirmDevice
     * has no error for "too many": a confirm past the bound forgets the device least recently
     * authenticated instead. 60 is one ListDevices page at Cognito's largest Limit, and keeps the
     * item (whose device names may be 1,024 characters each) well under DynamoDB's 400 KB.
     */
    public static final int MAX_DEVICES = 60;

    private static final Comparator<Device> OLDEST_FIRST =
            Comparator.comparing(Device::createdAt).thenComparing(Device::key);
    private static final Comparator<Device> LEAST_RECENTLY_AUTHENTICATED =
            Comparator.comparing(Device::lastAuthenticatedAt).thenComparing(OLDEST_FIRST);

    public UserDevices {
        devices = devices.stream().sorted(OLDEST_FIRST).toList();
    }

    public static UserDevices none() {
        return new UserDevices(List.of(), 0);
    }

    public Optional<Device> find(String key) {
        return devices.stream().filter(device -> device.key().equals(key)).findFirst();
    }

    /** With {@code device} added or replacing the one under its key; past the bound, the least recently authenticated other device goes. */
    public UserDevices with(Device device) {
        List<Device> kept = new ArrayList<>(devices.stream().filter(d -> !d.key().equals(device.key())).toList());
        while (kept.size() >= MAX_DEVICES) {
            kept.remove(kept.stream().min(LEAST_RECENTLY_AUTHENTICATED).orElseThrow());
        }
        kept.add(device);
        return new UserDevices(kept, version + 1);
    }

    public UserDevices without(String key) {
        return new UserDevices(devices.stream().filter(d -> !d.key().equals(key)).toList(), version + 1);
    }

    /** ListDevices' page: remembered devices after {@code after} (exclusive; none for the first page), oldest first. */
    public List<Device> rememberedAfter(Optional<Device.Position> after, int limit) {
        return devices.stream()
                .filter(Device::remembered)
                .filter(d -> after.map(position -> position.isBefore(d)).orElse(true))
                .limit(limit)
                .toList();
    }

    @Override
    public String toString() {
        return "UserDevices[" + devices.size() + " devices, version=" + version + "]";
    }
}
