package io.cognate.domain.devices;

import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.WriteFence;
import io.cognate.domain.srp.SrpGroup;
import io.cognate.ports.DeviceStore;
import io.cognate.ports.UserDirectory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A signed-in user's devices (ConfirmDevice, GetDevice, ListDevices, ForgetDevice,
 * UpdateDeviceStatus), and what sign-in asks of them: whether a sign-in gets a new device key,
 * and which device may be proven in place of the second factor.
 *
 * <p>Every change is a Directory write behind the write fence, so a region that does not lead
 * answers it as it answers every write. Each writes the user's devices whole, conditional on the
 * version it read; a write that lost a race is run again from a fresh read by the fence, so two
 * requests at once both take effect and neither undoes the other. A device key that is not one of
 * the caller's devices (unknown, forgotten, or another user's) is answered alike, whoever owns it.
 */
public final class DeviceService {
    public static final String NOT_FOUND = "Device does not exist.";
    static final String INVALID_KEY = "Invalid device key given.";
    /** ListDevices' Limit when none (or 0) is asked for, and the most it may be: Cognito's 60. */
    static final int PAGE_SIZE = 60;
    /** Cognito's clients upload a 16-byte salt; anything much longer is not a device's. */
    private static final int MAX_SALT_BYTES = 64;

    private final DeviceConfiguration configuration;
    private final IdentityService identity;
    private final UserDirectory directory;
    private final DeviceStore store;
    private final DeviceKeys keys;
    private final WriteFence fence;
    private final Clock clock;

    public DeviceService(DeviceConfiguration configuration, IdentityService identity, UserDirectory directory,
                         DeviceStore store, DeviceKeys keys, WriteFence fence, Clock clock) {
        this.configuration = configuration;
        this.identity = identity;
        this.directory = directory;
        this.store = store;
        this.keys = keys;
        this.fence = fence;
        this.clock = clock;
    }

    public DeviceConfiguration configuration() {
        return configuration;
    }

    /** ListDevices' answer: a page of remembered devices, and the token of the next page if there is one. */
    public record Page(List<Device> devices, Optional<String> paginationToken) {
    }

    /**
     * ConfirmDevice: stores the device with the verifier its app made, and answers whether the
     * user must still be asked to remember it ({@code UserConfirmationNecessary}: with
     * USER_OPT_IN, a device is tracked but not remembered until UpdateDeviceStatus says so).
     */
    public boolean confirm(String accessToken, String deviceKey, String name, String saltBase64, String verifierBase64) {
        User user = identity.getUser(accessToken);
        if (!configuration.tracksDevices() || !keys.mintedFor(deviceKey, user.username())) {
            throw CognitoException.invalidParameter(INVALID_KEY);
        }
        BigInteger salt = positive(saltBase64, "Salt", MAX_SALT_BYTES);
        BigInteger verifier = positive(verifierBase64, "PasswordVerifier", SrpGroup.N.bitLength() / 8 + 1);
        // v = g^x is never 0 or 1 mod N; one that is would make the proof independent of the password.
        if (verifier.compareTo(BigInteger.ONE) <= 0 || verifier.compareTo(SrpGroup.N) >= 0) {
            throw CognitoException.invalidParameter("DeviceSecretVerifierConfig.PasswordVerifier is not a valid verifier.");
        }
        boolean rememberedAtOnce = configuration.tracking() == DeviceTracking.ALWAYS;
        String groupKey = keys.groupKey(deviceKey, user.username());
        return fence.run(leader -> {
            UserDevices read = devicesOf(user.sub());
            Optional<Device> existing = read.find(deviceKey);
            if (existing.isPresent()) {
                if (!existing.get().sameSecret(salt, verifier)) {
                    throw new CognitoException("DeviceKeyExistsException", "Device key already exists.");
                }
                // A retried confirmation: answered as the first one was, nothing written.
                return !existing.get().remembered();
            }
            Instant now = clock.instant();
            Device device = new Device(deviceKey, groupKey, Optional.ofNullable(name).filter(n -> !n.isEmpty()), salt,
                    verifier, rememberedAtOnce, now, now, now);
            write(user.sub(), read.with(device), read, leader);
            return !rememberedAtOnce;
        });
    }

    /** GetDevice: one of the caller's devices, remembered or not. */
    public Device get(String accessToken, String deviceKey) {
        User user = identity.getUser(accessToken);
        return store.find(user.sub()).find(deviceKey).orElseThrow(DeviceService::notFound);
    }

    /** ListDevices: the caller's remembered devices (Cognito lists no others), oldest first. */
    public Page list(String accessToken, Integer limit, String paginationToken) {
        User user = identity.getUser(accessToken);
        int size = limit == null || limit == 0 ? PAGE_SIZE : Math.min(limit, PAGE_SIZE);
        Optional<Device.Position> after = Optional.ofNullable(paginationToken).map(DeviceService::positionOf);
        UserDevices devices = store.find(user.sub());
        List<Device> page = devices.rememberedAfter(after, size);
        boolean more = !page.isEmpty()
                && !devices.rememberedAfter(Optional.of(page.getLast().position()), 1).isEmpty();
        return new Page(page, more ? Optional.of(tokenOf(page.getLast().position())) : Optional.empty());
    }

    /** ForgetDevice: the device is no longer tracked, and its key proves nothing from now on. */
    public void forget(String accessToken, String deviceKey) {
        User user = identity.getUser(accessToken);
        fence.run(leader -> {
            UserDevices read = devicesOf(user.sub());
            read.find(deviceKey).orElseThrow(DeviceService::notFound);
            write(user.sub(), read.without(deviceKey), read, leader);
            return null;
        });
    }

    /** UpdateDeviceStatus: {@code remembered} or {@code not_remembered}. */
    public void updateStatus(String accessToken, String deviceKey, String status) {
        boolean remembered = switch (status) {
            case Device.REMEMBERED -> true;
            case Device.NOT_REMEMBERED -> false;
            default -> throw CognitoException.invalidParameter("DeviceRememberedStatus must be remembered or not_remembered.");
        };
        User user = identity.getUser(accessToken);
        fence.run(leader -> {
            UserDevices read = devicesOf(user.sub());
            Device device = read.find(deviceKey).orElseThrow(DeviceService::notFound);
            if (device.remembered() != remembered) {
                write(user.sub(), read.with(device.withRemembered(remembered, clock.instant())), read, leader);
            }
            return null;
        });
    }

    // ---- what sign-in asks --------------------------------------------------------------------

    /**
     * The device key a sign-in of {@code user} hands out: none when devices are not tracked, when
     * the sign-in came from one of the user's devices ({@code presentedKey}), or where this region
     * does not lead, since ConfirmDevice could not store the device there and some clients fail
     * the whole sign-in when it cannot. Nothing is written: ConfirmDevice recomputes what it needs.
     */
    public Optional<NewDeviceMetadata> newDeviceFor(User user, String presentedKey) {
        if (!configuration.tracksDevices()) {
            return Optional.empty();
        }
        if (presentedKey != null && !presentedKey.isEmpty() && store.find(user.sub()).find(presentedKey).isPresent()) {
            return Optional.empty();
        }
        if (!fence.leads()) {
            return Optional.empty();
        }
        String deviceKey = keys.mint(user.username());
        return Optional.of(new NewDeviceMetadata(deviceKey, keys.groupKey(deviceKey, user.username())));
    }

    /** The device of {@code user} that {@code presentedKey} names, if it may be proven in place of the second factor. */
    public Optional<Device> rememberedDevice(User user, String presentedKey) {
        if (!configuration.devicesReplaceMfa() || presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        return store.find(user.sub()).find(presentedKey).filter(Device::remembered);
    }

    /**
     * Records a device sign-in as DeviceLastAuthenticatedDate where this region leads. A region that
     * does not, or a write that loses a race, leaves the date as it was: the sign-in does not wait
     * on it.
     */
    public void recordSignIn(User user, String deviceKey) {
        try {
            fence.run(leader -> {
                UserDevices read = devicesOf(user.sub());
                read.find(deviceKey).ifPresent(device -> write(user.sub(), read.with(new Device(device.key(),
                        device.groupKey(), device.name(), device.salt(), device.verifier(), device.remembered(),
                        device.createdAt(), device.lastModifiedAt(), clock.instant())), read, leader));
                return null;
            });
        } catch (CognitoException notHereOrNotNow) {
            // Not the leading region, or the devices kept changing: the date is a report, not a rule.
        }
    }

    private UserDevices devicesOf(String sub) {
        // Read again on every run of a write: the user may have gone in between.
        if (directory.findBySub(sub).isEmpty()) {
            throw CognitoException.userNotFound();
        }
        return store.find(sub);
    }

    private void write(String sub, UserDevices updated, UserDevices read, LeaderRecord leader) {
        try {
            store.put(sub, updated, read.version(), leader);
        } catch (DeviceStore.Conflict changed) {
            // The fence runs the write again from a fresh read: no update is lost.
            throw new UserDirectory.ConcurrentUpdate();
        }
    }

    private static BigInteger positive(String base64, String member, int maxBytes) {
        if (base64 == null || base64.isEmpty()) {
            throw CognitoException.invalidParameter("Missing required parameter DeviceSecretVerifierConfig." + member);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw CognitoException.invalidParameter("DeviceSecretVerifierConfig." + member + " is not base64.");
        }
        if (bytes.length == 0 || bytes.length > maxBytes || new BigInteger(1, bytes).signum() == 0) {
            throw CognitoException.invalidParameter("DeviceSecretVerifierConfig." + member + " is not valid.");
        }
        return new BigInteger(1, bytes);
    }

    private static String tokenOf(Device.Position position) {
        String text = position.createdAt().toEpochMilli() + ":" + position.key();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Device.Position positionOf(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return new Device.Position(Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))),
                    text.substring(colon + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | java.time.DateTimeException e) {
            throw CognitoException.invalidParameter("Invalid pagination token.");
        }
    }

    private static CognitoException notFound() {
        return CognitoException.resourceNotFound(NOT_FOUND);
    }
}
