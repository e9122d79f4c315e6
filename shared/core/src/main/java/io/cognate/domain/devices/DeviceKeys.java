package io.cognate.domain.devices;

import io.cognate.domain.DecoyDestinations;
import io.cognate.domain.Username;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Device keys and device group keys, made without writing anything, so that any region can hand
 * them out at sign-in. A key is {@code <region>_<uuid>} as Cognito's are; its 16 bytes are 8
 * random ones and 8 of an HMAC over the rest and the user, under the deployment's secret
 * derivation ({@link DecoyDestinations#derive}). ConfirmDevice recomputes that HMAC to tell a key
 * this pool gave this user from one made up or given to someone else (Cognito's "Invalid device
 * key given."), and recomputes the group key, which is a derivation of the device key and the
 * user: nothing needs remembering between the sign-in and the confirmation.
 */
public final class DeviceKeys {
    static final String KEY_PURPOSE = "device-key ";
    static final String GROUP_KEY_PURPOSE = "device-group-key ";
    private static final int RANDOM_BYTES = 8;
    private static final int MAC_BYTES = 8;
    private static final int GROUP_KEY_BYTES = 12;
    private static final Pattern KEY = Pattern.compile(
            "([a-z0-9-]{1,20})_([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})");
    private static final HexFormat HEX = HexFormat.of();

    private final String region;
    private final DecoyDestinations derivation;
    private final SecureRandom random;

    public DeviceKeys(String region, DecoyDestinations derivation, SecureRandom random) {
        this.region = region;
        this.derivation = derivation;
        this.random = random;
    }

    /** A new device key for {@code username}'s next device. */
    public String mint(Username username) {
        byte[] drawn = new byte[RANDOM_BYTES];
        random.nextBytes(drawn);
        byte[] all = Arrays.copyOf(drawn, RANDOM_BYTES + MAC_BYTES);
        System.arraycopy(mac(region, drawn, username), 0, all, RANDOM_BYTES, MAC_BYTES);
        String hex = HEX.formatHex(all);
        return region + "_" + hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    /** Whether this pool minted {@code deviceKey} for {@code username} (in any region). */
    public boolean mintedFor(String deviceKey, Username username) {
        var match = deviceKey == null ? null : KEY.matcher(deviceKey);
        if (match == null || !match.matches()) {
            return false;
        }
        byte[] all = HEX.parseHex(match.group(2) + match.group(3) + match.group(4) + match.group(5) + match.group(6));
        byte[] drawn = Arrays.copyOf(all, RANDOM_BYTES);
        byte[] expected = Arrays.copyOf(mac(match.group(1), drawn, username), MAC_BYTES);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(all, RANDOM_BYTES, RANDOM_BYTES + MAC_BYTES));
    }

    /** The group key that goes with {@code deviceKey} for {@code username}: the same wherever it is computed. */
    public String groupKey(String deviceKey, Username username) {
        byte[] derived = derivation.derive(GROUP_KEY_PURPOSE + deviceKey, username);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(derived, GROUP_KEY_BYTES));
    }

    private byte[] mac(String keyRegion, byte[] drawn, Username username) {
        return derivation.derive(KEY_PURPOSE + keyRegion + "_" + HEX.formatHex(drawn), username);
    }
}
