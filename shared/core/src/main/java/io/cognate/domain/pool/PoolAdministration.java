package io.cognate.domain.pool;

import io.cognate.domain.CognitoException;
import io.cognate.domain.WriteFence;
import io.cognate.ports.PoolSettingsStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * DescribeUserPool, UpdateUserPool, AddCustomAttributes and DeleteUserPool for this pool. Every
 * change reads the stored settings, applies itself to them and writes them back behind the write
 * fence, conditional on the version read; a change that lost a race to another is run again from
 * a fresh read ({@link WriteFence}), so neither is lost.
 */
public final class PoolAdministration {
    /** Cognito's answer to DeleteUserPool while deletion protection is on. */
    static final String DELETION_PROTECTED = "The user pool cannot be deleted because deletion protection is activated. "
            + "Deletion protection must be inactivated first.";
    static final String NOT_DELETED = "This user pool is not deleted through the API: it is removed with its deployment "
            + "(delete the stack in every region).";
    private static final String NO_SMS_CONFIGURATION = "User pool does not have SMS configuration to send messages.";

    private final String userPoolId;
    private final PoolSettingsSource source;
    private final PoolSettingsStore store;
    private final WriteFence fence;
    private final Clock clock;

    public PoolAdministration(String userPoolId, PoolSettingsSource source, PoolSettingsStore store, WriteFence fence,
                              Clock clock) {
        this.userPoolId = userPoolId;
        this.source = source;
        this.store = store;
        this.fence = fence;
        this.clock = clock;
    }

    /** The settings as this region stores them now. */
    public PoolSettings describe(String poolId) {
        requireThisPool(poolId);
        return source.fresh();
    }

    /** Cognito's UpdateUserPool: {@code update} replaces every setting it covers (see {@link PoolUpdate}). */
    public PoolSettings update(String poolId, PoolUpdate update) {
        requireThisPool(poolId);
        if (update.autoVerifiedAttributes().contains(PoolSettings.PHONE_NUMBER)) {
            // Cognate delivers codes by e-mail only: a phone number could never be verified.
            throw CognitoException.invalidParameter(NO_SMS_CONFIGURATION);
        }
        return write(settings -> settings.updated(update, clock.instant()));
    }

    /** Cognito's AddCustomAttributes: new names only, at most 50 in all. */
    public PoolSettings addCustomAttributes(String poolId, List<CustomAttribute> attributes) {
        requireThisPool(poolId);
        if (attributes.isEmpty()) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'customAttributes' failed "
                    + "to satisfy constraint: Member must have length greater than or equal to 1");
        }
        return write(settings -> {
            for (CustomAttribute attribute : attributes) {
                if (settings.customAttribute(attribute.name()).isPresent()) {
                    throw CognitoException.invalidParameter("Existing attribute already has name " + attribute.name() + ".");
                }
            }
            return settings.withCustomAttributes(attributes, clock.instant());
        });
    }

    /**
     * Names the live Cognito pool users are moved in from at their first sign-in or reset
     * ({@link io.cognate.domain.migration.UserMigration}); empty stops moving users in. Its client
     * secret, if any, is sealed already. A Cognate setting, with no Cognito operation.
     */
    public PoolSettings setLegacyPool(String poolId, Optional<io.cognate.domain.migration.LegacyPoolSetting> legacy) {
        requireThisPool(poolId);
        return write(settings -> settings.withLegacyPool(legacy, clock.instant()));
    }

    /**
     * Turns write forwarding on or off ({@link io.cognate.domain.forwarding.WriteForwarding}): off,
     * a region that does not lead refuses writes as a read-only replica. A Cognate setting, with
     * no Cognito operation.
     */
    public PoolSettings setWriteForwarding(String poolId, boolean forward) {
        requireThisPool(poolId);
        return write(settings -> settings.withWriteForwarding(forward, clock.instant()));
    }

    /**
     * Cognito's DeleteUserPool refuses while deletion protection is ACTIVE, with its own
     * {@code InvalidParameterException}. Otherwise Cognate still refuses: its pool is its
     * deployment's tables and keys in every region, removed with the stacks, never by one call.
     */
    public void deleteUserPool(String poolId) {
        requireThisPool(poolId);
        if (source.fresh().deletionProtection() == DeletionProtection.ACTIVE) {
            throw CognitoException.invalidParameter(DELETION_PROTECTED);
        }
        throw CognitoException.unsupportedOperation(NOT_DELETED);
    }

    private PoolSettings write(UnaryOperator<PoolSettings> change) {
        PoolSettings stored = fence.run(leader -> {
            PoolSettings read = source.fresh();
            return store.put(change.apply(read), read.version(), leader);
        });
        source.written(stored);
        return stored;
    }

    private void requireThisPool(String poolId) {
        if (!userPoolId.equals(poolId)) {
            throw CognitoException.resourceNotFound("User pool " + poolId + " does not exist.");
        }
    }
}
