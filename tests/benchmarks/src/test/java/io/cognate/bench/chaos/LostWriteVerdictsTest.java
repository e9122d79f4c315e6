package io.cognate.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.bench.load.LoadTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which conflict record holds a lost write, rule by rule: each rule must find the record that set
 * the write aside, and must not excuse a write with a record of another user, another value,
 * another region or another moment.
 */
class LostWriteVerdictsTest {
    private static final long RUN_START_MS = 1_764_000_000_000L;
    private static final String SUB = "0f0e0d0c-1111-2222-3333-444455556666";
    private static final String OTHER_SUB = "9a9b9c9d-1111-2222-3333-444455556666";

    private final Ledger ledger = new Ledger();

    private LostWriteVerdicts.Verdict judge(Ledger.Entry lost, DetectedConflicts.Conflict... conflicts) {
        var check = new LedgerCheck.Result(ledger.size(), 0, List.of(new LedgerCheck.LostWrite(lost.sequence(),
                lost.kind().name(), lost.username(), "us-east-1", lost.printableValue(), "something else", lost.atMs(),
                lost.trafficRegion())), List.of("us-east-1", "eu-west-1"));
        var found = new DetectedConflicts.Found(conflicts.length, "endpoint", List.of(conflicts));
        return LostWriteVerdicts.judge(ledger, check, found, RUN_START_MS).getFirst();
    }

    private static DetectedConflicts.Conflict user(String sub, String region, String attributes, Long updatedAt) {
        return new DetectedConflicts.Conflict("c-" + sub + region + updatedAt, "STALE_LEADER_WRITE", "USER#" + sub,
                "RESOLVED", region, 1, null, attributes, updatedAt, null);
    }

    private static DetectedConflicts.Conflict claim(String username, String loserSub) {
        return new DetectedConflicts.Conflict("c-" + loserSub, "USERNAME_CLAIM", "USERNAME#" + username, "RESOLVED",
                "us-east-1", 1, loserSub, "{\"sub\":\"" + loserSub + "\"}", null, null);
    }

    @Test
    void aSignUpIsHeldByItsUsernamesClaimNamingTheSubItWasGiven() {
        Ledger.Entry signUp = ledger.acknowledge(Ledger.Kind.SIGN_UP, "ana", SUB, 5_000, 40, "us-east-1", "UserSub");

        assertThat(judge(signUp, claim("ana", SUB)).silent()).isFalse();
        assertThat(judge(signUp, claim("ANA", SUB)).conflictKind()).isEqualTo("USERNAME_CLAIM");
        assertThat(judge(signUp, claim("ana", OTHER_SUB)).silent()).isTrue();
        assertThat(judge(signUp, claim("bea", SUB)).silent()).isTrue();
        assertThat(judge(signUp).silent()).isTrue();
    }

    @Test
    void anAttributeIsHeldByItsUsersRecordShowingTheValueWritten() {
        ledger.acknowledge(Ledger.Kind.SIGN_UP, "ana", SUB, 1_000, 40, "us-east-1", "UserSub");
        Ledger.Entry name = ledger.acknowledge(Ledger.Kind.ATTRIBUTE, "ana", "Ana at the old leader", 5_000, 40,
                "us-east-1", "200");

        assertThat(judge(name, user(SUB, "us-east-1", "{name=Ana at the old leader}", null)).silent()).isFalse();
        assertThat(judge(name, user(SUB, "us-east-1", "{name=Ana at the new leader}", null)).silent()).isTrue();
        assertThat(judge(name, user(OTHER_SUB, "us-east-1", "{name=Ana at the old leader}", null)).silent()).isTrue();
    }

    @Test
    void aPasswordIsHeldByItsUsersRecordWrittenWhereAndWhenTheChangeWasAcknowledged() {
        ledger.acknowledge(Ledger.Kind.SIGN_UP, "ana", SUB, 1_000, 40, "us-east-1", "UserSub");
        Ledger.Entry password = ledger.acknowledge(Ledger.Kind.PASSWORD, "ana", "Secret-1", 5_000, 200, "us-east-1", "200");
        long during = RUN_START_MS + 4_900;

        assertThat(judge(password, user(SUB, "us-east-1", "{}", during)).silent()).isFalse();
        assertThat(judge(password, user(SUB, "eu-west-1", "{}", during)).silent()).isTrue();
        // A copy from before the call does not carry it.
        assertThat(judge(password, user(SUB, "us-east-1", "{}", RUN_START_MS + 2_000)).silent()).isTrue();
        assertThat(judge(password, user(SUB, "us-east-1", "{}", null)).silent()).isTrue();
        assertThat(judge(password, user(OTHER_SUB, "us-east-1", "{}", during)).silent()).isTrue();
    }

    /**
     * The old leader wrote the user again after the change (an attribute, or a call that failed
     * but was applied): the record's loser is that later copy, which still carries the password.
     * Found as "silently lost" by a CI run of ChaosRunTest, whose record held the change.
     */
    @Test
    void aPasswordIsHeldByARecordOfALaterCopyOfTheSameRegion() {
        ledger.acknowledge(Ledger.Kind.SIGN_UP, "ana", SUB, 1_000, 40, "us-east-1", "UserSub");
        Ledger.Entry password = ledger.acknowledge(Ledger.Kind.PASSWORD, "ana", "Secret-1", 2_250, 200, "us-east-1", "200");
        long later = RUN_START_MS + 3_330;

        assertThat(judge(password, user(SUB, "us-east-1", "{}", later)).silent()).isFalse();
        assertThat(judge(password, user(SUB, "eu-west-1", "{}", later)).silent()).isTrue();
        // Not by a copy made after the record itself.
        var recordedBefore = new DetectedConflicts.Conflict("c-early", "STALE_LEADER_WRITE", "USER#" + SUB, "RESOLVED",
                "us-east-1", 1, null, "{}", later, RUN_START_MS + 3_000);
        assertThat(judge(password, recordedBefore).silent()).isTrue();
    }

    /**
     * A change sent while the traffic record named the old leader and answered after it flipped
     * (a password change hashes for a few hundred milliseconds) was written by the old leader: the
     * record whose loser that region wrote inside the call holds it.
     */
    @Test
    void aPasswordSentBeforeTheFlipAndAnsweredAfterItIsHeldByTheRecordOfTheRegionItWasSentTo() {
        ledger.acknowledge(Ledger.Kind.SIGN_UP, "ana", SUB, 1_000, 40, "us-east-1", "UserSub");
        Ledger.Entry password = ledger.acknowledge(Ledger.Kind.PASSWORD, "ana", "Secret-1", 5_000, 300, "us-east-1",
                "eu-west-1", "200");
        long during = RUN_START_MS + 4_900;

        assertThat(judge(password, user(SUB, "us-east-1", "{}", during)).silent()).isFalse();
        assertThat(judge(password, user(SUB, "eu-west-1", "{}", during)).silent()).isFalse();
        assertThat(judge(password, user(SUB, "ap-south-1", "{}", during)).silent()).isTrue();
    }

    @Test
    void theEndpointsAnswerIsReadWithEachLosersStamps() throws Exception {
        var answer = tree("""
                {"detected": 3, "conflicts": [
                  {"id": "a1", "kind": "USERNAME_CLAIM", "pk": "USERNAME#ana", "status": "RESOLVED",
                   "loser": {"writerRegion": "us-east-1", "epoch": 1, "sub": "%s", "attributes": {"sub": "%s"}}},
                  {"id": "b2", "kind": "STALE_LEADER_WRITE", "pk": "USER#%s", "status": "PENDING",
                   "loser": {"writerRegion": "us-east-1", "epoch": 1, "attributes": {"updatedAt": "1764000004900"}}}]}
                """.formatted(SUB, SUB, SUB));
        DetectedConflicts.Found found = DetectedConflicts.parse(answer);

        assertThat(found.detection()).isEqualTo("endpoint");
        assertThat(found.detected()).isEqualTo(2);
        assertThat(found.detections()).isEqualTo(3);
        assertThat(found.resolved()).isEqualTo(1);
        assertThat(found.pending()).isEqualTo(1);
        assertThat(found.conflicts().get(0).loserSub()).isEqualTo(SUB);
        assertThat(found.conflicts().get(1).loserUpdatedAt()).isEqualTo(1_764_000_004_900L);
        assertThat(DetectedConflicts.parse(tree("{\"error\": \"no\"}")).detection()).isEqualTo("unavailable");
    }

    private static JsonNode tree(String text) throws Exception {
        return LoadTarget.json().readTree(text);
    }
}
