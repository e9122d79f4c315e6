package io.cognate.domain;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.testing.FastTestPasswordHasher;
import io.cognate.testing.InMemoryRegion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user moved in with another system's password hash (and so no SRP verifier) signs in with the
 * old password, and that first sign-in replaces the hash with the current one and makes the
 * verifier, in a fenced write conditional on the version read. A wrong password is refused and
 * counted like any other; a region that does not lead signs the user in and leaves the rehash to
 * a later sign-in at the leader.
 */
class LegacyHashRehashTest {
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String WRONG = "Wrong-Password-1";

    private InMemoryRegion region;
    private FastTestPasswordHasher hasher;

    @BeforeEach
    void region() {
        region = InMemoryRegion.create();
        hasher = new FastTestPasswordHasher();
    }

    /** alice as an import leaves her: the legacy hash, no verifier. */
    private User imported() {
        User alice = region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        User legacy = region.inMemoryDirectory().update(
                alice.withPassword(FastTestPasswordHasher.legacyHash(PASSWORD), "", region.clock().instant()),
                region.leader());
        assertThat(hasher.needsRehash(legacy.passwordHash())).isTrue();
        assertThat(legacy.hasSrpVerifier()).isFalse();
        return legacy;
    }

    @Test
    void theFirstSignInWithTheOldPasswordReplacesTheHashAndMakesTheVerifier() {
        User legacy = imported();

        assertThat(region.signIn("alice", PASSWORD).accessToken()).isNotEmpty();

        User after = region.user("alice");
        assertThat(after.passwordHash()).isNotEqualTo(legacy.passwordHash());
        assertThat(hasher.needsRehash(after.passwordHash())).isFalse();
        assertThat(hasher.matches(PASSWORD, after.passwordHash())).isTrue();
        assertThat(after.hasSrpVerifier()).isTrue();
        assertThat(after.version()).isEqualTo(legacy.version() + 1);
        assertThat(after.sub()).isEqualTo(legacy.sub());
        assertThat(after.attributes()).isEqualTo(legacy.attributes());
        // And the next sign-in writes nothing more.
        region.signIn("alice", PASSWORD);
        assertThat(region.user("alice").version()).isEqualTo(after.version());
    }

    @Test
    void aWrongPasswordAgainstTheLegacyHashIsRefusedCountedAndRehashesNothing() {
        User legacy = imported();

        assertRefused(() -> region.identityService().checkPassword(CLIENT, "alice", WRONG), "NotAuthorizedException")
                .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);

        assertThat(region.lockoutCounters().read("alice")).hasValueSatisfying(
                counter -> assertThat(counter.failures()).isEqualTo(1));
        assertThat(region.user("alice").passwordHash()).isEqualTo(legacy.passwordHash());
        assertThat(region.user("alice").version()).isEqualTo(legacy.version());
    }

    @Test
    void enoughWrongPasswordsAgainstTheLegacyHashLockTheAccountLikeAnyOther() {
        imported();
        for (int i = 0; i < LockoutPolicy.cognitoDefault().maxFailures(); i++) {
            assertRefused(() -> region.identityService().checkPassword(CLIENT, "alice", WRONG), "NotAuthorizedException");
        }

        assertRefused(() -> region.identityService().checkPassword(CLIENT, "alice", PASSWORD), "NotAuthorizedException");
        assertThat(hasher.needsRehash(region.user("alice").passwordHash())).isTrue();
    }

    @Test
    void aRegionThatDoesNotLeadSignsInAndLeavesTheRehashToTheLeader() {
        User legacy = imported();
        region.handLeadershipTo("us-west-2");

        assertThat(region.signIn("alice", PASSWORD).accessToken()).isNotEmpty();

        assertThat(region.user("alice").passwordHash()).isEqualTo(legacy.passwordHash());
        assertThat(region.user("alice").hasSrpVerifier()).isFalse();
    }
}
