package io.cognate.domain.devices;

/** Cognito's {@code NewDeviceMetadata}: the key a sign-in hands a device it does not know, and its group key. */
public record NewDeviceMetadata(String deviceKey, String deviceGroupKey) {
}
