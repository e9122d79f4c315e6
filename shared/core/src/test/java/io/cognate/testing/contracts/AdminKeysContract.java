package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.admin.AdminKey;
import io.cognate.domain.admin.AdminKeyPolicy;
import io.cognate.domain.failover.LeaderState;
import io.cognate.ports.AdminKeys;
import io.cognate.ports.UserDirectory.FencedOut;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AdminKeys} store does: a key is found as written, never overwritten, listed
 * oldest first with the revoked ones, revoked once; every write fenced like every Directory write.
 */
public abstract class AdminKeysContract {
    protected static final String REGION = "us-east-1";
    protected static final String OTHER_REGION = "eu-west-1";
    private static final Instant CREATED = Instant.parse("2026-12-02T10:00:00.123Z");

    /** One test's storage: the store and its region's copy of the leader record. */
    public record Storage(AdminKeys keys, LeaderStore leaders) {
    }

    protected abstract Storage newStorage();

    private AdminKeys keys;
    private LeaderStore leaders;
    private LeaderRecord fence;

    @BeforeEach
    void freshStorage() {
        Storage storage = newStorage();
        keys = storage.keys();
        leaders = storage.leaders();
        fence = leaders.records().initialise(new LeaderRecord(REGION, 1));
    }

    private static AdminKey key(String id, AdminKeyPolicy policy, Instant at) {
        return new AdminKey(id, "sealed-" + id, policy, "key " + id, at, Optional.empty());
    }

    @Test
    void aKeyIsFoundAsWritten() {
        AdminKey written = key("CGNAAAAAAAAAAAAAAAAA", AdminKeyPolicy.READ_ONLY, CREATED);
        keys.create(written, fence);

        assertThat(keys.find("CGNAAAAAAAAAAAAAAAAA")).contains(written);
        assertThat(keys.find("CGNBBBBBBBBBBBBBBBBB")).isEmpty();
    }

    @Test
    void aKeyIdIsNeverOverwritten() {
        keys.create(key("CGNAAAAAAAAAAAAAAAAA", AdminKeyPolicy.READ_ONLY, CREATED), fence);

        assertThatThrownBy(() -> keys.create(key("CGNAAAAAAAAAAAAAAAAA", AdminKeyPolicy.FULL, CREATED.plusSeconds(1)), fence))
                .isInstanceOf(IllegalStateException.class);
        assertThat(keys.find("CGNAAAAAAAAAAAAAAAAA").orElseThrow().policy()).isEqualTo(AdminKeyPolicy.READ_ONLY);
    }

    @Test
    void keysAreListedOldestFirstWithTheRevokedOnes() {
        keys.create(key("CGNBBBBBBBBBBBBBBBBB", AdminKeyPolicy.FULL, CREATED.plusSeconds(5)), fence);
        keys.create(key("CGNAAAAAAAAAAAAAAAAA", AdminKeyPolicy.FULL, CREATED), fence);
        keys.revoke("CGNAAAAAAAAAAAAAAAAA", CREATED.plusSeconds(9), fence);

        assertThat(keys.list()).extracting(AdminKey::keyId).containsExactly("CGNAAAAAAAAAAAAAAAAA", "CGNBBBBBBBBBBBBBBBBB");
        assertThat(keys.list().getFirst().revokedAt()).contains(CREATED.plusSeconds(9));
    }

    @Test
    void aKeyIsRevokedOnceAndStaysRevoked() {
        keys.create(key("CGNAAAAAAAAAAAAAAAAA", AdminKeyPolicy.FULL, CREATED), fence);

        assertThat(keys.revoke("CGNAAAAAAAAAAAAAAAAA", CREATED.plusSeconds(1), fence)).isTrue();
        assertThat(keys.revoke("CGNAAAAAAAAAAAAAAAAA", CREATED.plusSeconds(2), fence)).isFalse();
        assertThat(keys.revoke("CGNNOSUCHKEYAAAAAAAA", CREATED.plusSeconds(2), fence)).isFalse();
        AdminKey stored = keys.find("CGNAAAAAAAAAAAAAAAAA").orElseThrow();
        assertThat(stored.active()).isFalse();
        assertThat(stored.revokedAt()).contains(CREATED.plusSeconds(1));
        assertThat(keys.find("CGNNOSUCHKEYAAAAAAAA")).isEmpty();
    }

    @Test
    void writesAreRefusedWhileAnotherRegionLeads() {
        keys.create(key("CGNAAAAAAAAAAAAAAAAA", AdminKeyPolicy.FULL, CREATED), fence);
        LeaderState now = leaders.transitions().state().orElseThrow();
        LeaderRecord otherLeads = leaders.transitions().promote(now, OTHER_REGION, "test", CREATED, Optional.empty())
                .orElseThrow().record();

        for (LeaderRecord tried : java.util.List.of(fence, otherLeads)) {
            assertThatThrownBy(() -> keys.create(key("CGNBBBBBBBBBBBBBBBBB", AdminKeyPolicy.FULL, CREATED), tried))
                    .isInstanceOf(FencedOut.class);
            assertThatThrownBy(() -> keys.revoke("CGNAAAAAAAAAAAAAAAAA", CREATED, tried)).isInstanceOf(FencedOut.class);
        }
        assertThat(keys.find("CGNBBBBBBBBBBBBBBBBB")).isEmpty();
        assertThat(keys.find("CGNAAAAAAAAAAAAAAAAA").orElseThrow().active()).isTrue();
    }
}
