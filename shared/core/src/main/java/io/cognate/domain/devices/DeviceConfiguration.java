package io.cognate.domain.devices;

/**
 * How the pool treats its users' devices. {@code rememberedDeviceSkipsMfa} is Cognito's
 * {@code ChallengeRequiredOnNewDevice} ("use a remembered device to suppress the second factor"):
 * when set, a sign-in from a remembered device proves the device ({@code DEVICE_SRP_AUTH})
 * instead of answering the MFA challenge; when not, devices are only tracked and every sign-in
 * takes the MFA path.
 */
public record DeviceConfiguration(DeviceTracking tracking, boolean rememberedDeviceSkipsMfa) {
    public static DeviceConfiguration off() {
        return new DeviceConfiguration(DeviceTracking.OFF, true);
    }

    public boolean tracksDevices() {
        return tracking != DeviceTracking.OFF;
    }

    /** A remembered device may be proven in place of the second factor. */
    public boolean devicesReplaceMfa() {
        return tracksDevices() && rememberedDeviceSkipsMfa;
    }
}
