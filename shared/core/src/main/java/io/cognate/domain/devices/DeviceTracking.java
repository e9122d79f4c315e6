package io.cognate.domain.devices;

import java.util.Locale;

/**
 * The pool's device tracking, Cognito's {@code DeviceConfiguration}: OFF remembers nothing;
 * ALWAYS remembers every device its user confirms ({@code DeviceOnlyRememberedOnUserPrompt}
 * false); USER_OPT_IN tracks confirmed devices but remembers one only after
 * {@code UpdateDeviceStatus remembered} ({@code DeviceOnlyRememberedOnUserPrompt} true).
 */
public enum DeviceTracking {
    OFF, ALWAYS, USER_OPT_IN;

    public static DeviceTracking parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be OFF, ALWAYS or USER_OPT_IN", e);
        }
    }
}
