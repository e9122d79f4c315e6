package io.cognate.domain.imports;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.UserStatus;
import io.cognate.testing.FastTestPasswordHasher;
import io.cognate.testing.InMemoryRegion;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record with a hash moves in CONFIRMED and signs in with the old password; a record without
 * one moves in RESET_REQUIRED, as Cognito's own import leaves every user: no password signs it in,
 * and each answer says the password must be reset, never that it was wrong.
 */
class UserImportTest {
    private static final String PASSWORD = "Correct-Horse-9";

    private InMemoryRegion region;
    private UserImport importer;

    @BeforeEach
    void region() {
        region = InMemoryRegion.create();
        importer = new UserImport(region.directory(), region.fence(),
                hash -> hash.startsWith("$test-legacy-sha256$") ? Optional.of("legacy") : Optional.empty(), region.clock());
    }

    @Test
    void aRecordWithAHashMovesInConfirmedAndSignsInWithTheOldPassword() {
        var outcome = importer.importUser(new UserImport.Record("alice", FastTestPasswordHasher.legacyHash(PASSWORD),
                Map.of("email", "alice@example.com")));

        assertThat(outcome).isEqualTo(UserImport.Outcome.IMPORTED);
        assertThat(region.user("alice").status()).isEqualTo(UserStatus.CONFIRMED);
        assertThat(region.signIn("alice", PASSWORD).accessToken()).isNotEmpty();
    }

    @Test
    void aRecordWithoutAHashMovesInResetRequiredAndNoPasswordSignsItIn() {
        var outcome = importer.importUser(new UserImport.Record("bob", "", Map.of("email", "bob@example.com")));

        assertThat(outcome).isEqualTo(UserImport.Outcome.IMPORTED);
        assertThat(region.user("bob").status()).isEqualTo(UserStatus.RESET_REQUIRED);
        assertThat(region.user("bob").passwordHash()).isEmpty();
        for (String tried : new String[] {PASSWORD, "anything-at-all"}) {
            assertRefused(() -> region.identityService().checkPassword(InMemoryRegion.CLIENT_ID, "bob", tried),
                    "PasswordResetRequiredException");
        }
        // Not a guess: nothing is counted towards a lock.
        assertThat(region.lockoutCounters().read("bob").map(counter -> counter.failures()).orElse(0)).isZero();
    }

    @Test
    void aRecordWithAHashInNoKnownFormatIsRejected() {
        assertRefusedRecord(new UserImport.Record("carol", "md5$abc", Map.of()), "password hash in no supported format");
    }

    @Test
    void aUsernameImportedAlreadyIsSkippedNotOverwritten() {
        importer.importUser(new UserImport.Record("alice", FastTestPasswordHasher.legacyHash(PASSWORD), Map.of()));

        assertThat(importer.importUser(new UserImport.Record("alice", "", Map.of()))).isEqualTo(UserImport.Outcome.SKIPPED);
        assertThat(region.user("alice").status()).isEqualTo(UserStatus.CONFIRMED);
    }

    private void assertRefusedRecord(UserImport.Record record, String reason) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> importer.importUser(record))
                .isInstanceOf(UserImport.Rejected.class).hasMessage(reason);
    }
}
