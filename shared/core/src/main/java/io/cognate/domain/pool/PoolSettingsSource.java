package io.cognate.domain.pool;

import io.cognate.domain.CognitoException;
import io.cognate.domain.PasswordPolicy;
import io.cognate.domain.PoolRules;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.ports.PoolSettingsStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The pool's settings on the request path: read from the store at most once per
 * {@link #FRESH_FOR} and served from memory in between, the {@link PoolSettings#initial} ones
 * while the pool never wrote any. The password policy, the custom-attribute schema, whether users
 * may sign themselves up, how passwords are recovered, whether e-mail addresses are verified by
 * code and whether a changed one waits for it, and the MFA configuration of every request come
 * from here ({@link PoolRules}, {@link #mfaConfiguration}).
 */
public final class PoolSettingsSource implements PoolRules {
    /**
     * How long a read serves. Global-table replication takes about a second, so a change made at
     * the leader reaches every warm function in every region within about 6 s (1 s + 5 s); and a
     * function reads the item at most 12 times a minute (one strongly consistent read, 1 RCU
     * each), however many requests it serves.
     */
    public static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final PoolSettingsStore store;
    private final PoolSettings initial;
    private final Clock clock;
    private final Duration freshFor;
    private volatile Snapshot snapshot;

    private record Snapshot(PoolSettings settings, Instant readAt) {
    }

    public PoolSettingsSource(PoolSettingsStore store, PoolSettings initial, Clock clock) {
        this(store, initial, clock, FRESH_FOR);
    }

    public PoolSettingsSource(PoolSettingsStore store, PoolSettings initial, Clock clock, Duration freshFor) {
        this.store = store;
        this.initial = initial;
        this.clock = clock;
        this.freshFor = freshFor;
    }

    /** The settings, at most {@link #FRESH_FOR} old. */
    public PoolSettings current() {
        Snapshot seen = snapshot;
        Instant now = clock.instant();
        if (seen != null && now.isBefore(seen.readAt().plus(freshFor)) && !now.isBefore(seen.readAt())) {
            return seen.settings();
        }
        try {
            return read(now);
        } catch (RuntimeException storeFailed) {
            // A failed refresh keeps the last settings read rather than failing every request
            // while DynamoDB hiccups; with none read yet there is nothing safe to fall back on.
            if (seen != null) {
                return seen.settings();
            }
            throw storeFailed;
        }
    }

    /** The settings as stored now (DescribeUserPool, and every change reads this), also refreshing the cache. */
    public PoolSettings fresh() {
        return read(clock.instant());
    }

    private PoolSettings read(Instant now) {
        PoolSettings settings = store.find().orElse(initial);
        snapshot = new Snapshot(settings, now);
        return settings;
    }

    /** The settings just written here, served at once in this function without waiting for the next read. */
    void written(PoolSettings settings) {
        snapshot = new Snapshot(settings, clock.instant());
    }

    public MfaConfiguration mfaConfiguration() {
        return current().mfaConfiguration();
    }

    @Override
    public PasswordPolicy passwordPolicy() {
        return current().password().policy();
    }

    @Override
    public Duration temporaryPasswordValidity() {
        return Duration.ofDays(current().password().temporaryPasswordValidityDays());
    }

    @Override
    public void checkPassword(String password) {
        current().password().policy().check(password);
    }

    @Override
    public void checkSelfSignUp() {
        if (current().allowAdminCreateUserOnly()) {
            throw CognitoException.notAuthorized("SignUp is not permitted for this user pool");
        }
    }

    @Override
    public void checkSignUpAttributes(Map<String, String> attributes) {
        current().checkSignUpAttributes(attributes);
    }

    @Override
    public void checkAttributeUpdate(Map<String, String> attributes) {
        current().checkAttributeUpdate(attributes);
    }

    @Override
    public PasswordRecovery passwordRecovery() {
        return current().passwordRecovery();
    }

    @Override
    public boolean autoVerifiesEmail() {
        return current().autoVerifiesEmail();
    }

    @Override
    public boolean emailChangeAwaitsVerification() {
        return current().emailChangeAwaitsVerification();
    }
}
