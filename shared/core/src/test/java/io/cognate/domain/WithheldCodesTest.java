package io.cognate.domain;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.testing.InMemoryRegion;
import io.cognate.testing.RecordingCodeDelivery;
import java.util.LinkedHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Finding 8 of the security review, its timing half: ForgotPassword made a Directory transaction
 * and published an event only when it sent a code, tens of milliseconds that told an attacker
 * the user exists. Now every answer, whoever asked, costs exactly one fenced Directory write and
 * one event: the user's own when a code goes out, a decoy of each otherwise. The same holds for
 * ResendConfirmationCode, which answers unknown users the same way.
 */
class WithheldCodesTest {
    private static final String PASSWORD = "Correct-Horse-9";

    private InMemoryRegion region;
    private RecordingCodeDelivery mailbox;

    /** Who asks for a code, and whether one goes out to them. */
    enum Asker {
        UNKNOWN(false, false),
        UNCONFIRMED(false, true),
        UNVERIFIED_EMAIL(false, false),
        DISABLED(false, false),
        SENDS_USED_UP(false, false),
        CONFIRMED(true, false);

        final boolean getsResetCode;
        final boolean getsConfirmationCode;

        Asker(boolean getsResetCode, boolean getsConfirmationCode) {
            this.getsResetCode = getsResetCode;
            this.getsConfirmationCode = getsConfirmationCode;
        }
    }

    @BeforeEach
    void region() {
        region = InMemoryRegion.create();
        mailbox = region.codeDelivery();
    }

    private String prepare(Asker asker, Function<String, Object> operation) {
        String name = asker.name().toLowerCase();
        switch (asker) {
            case UNKNOWN -> { }
            case UNCONFIRMED -> region.signUp(name, PASSWORD, name + "@example.com");
            case UNVERIFIED_EMAIL -> {
                User user = region.signUpConfirmed(name, PASSWORD, name + "@example.com");
                var attributes = new LinkedHashMap<>(user.attributes());
                attributes.put("email_verified", "false");
                region.inMemoryDirectory().update(user.withAttributes(attributes, region.clock().instant()), region.leader());
            }
            case DISABLED -> {
                User user = region.signUpConfirmed(name, PASSWORD, name + "@example.com");
                region.inMemoryDirectory().update(user.withEnabled(false, region.clock().instant()), region.leader());
            }
            case SENDS_USED_UP -> {
                region.signUpConfirmed(name, PASSWORD, name + "@example.com");
                for (int i = 0; i < PendingCode.MAX_SENDS; i++) {
                    operation.apply(name);
                }
            }
            case CONFIRMED -> region.signUpConfirmed(name, PASSWORD, name + "@example.com");
        }
        return name;
    }

    private int writes() {
        return region.directory().updateCalls() + region.inMemoryDirectory().decoyWrites();
    }

    private int events() {
        return mailbox.sent().size() + mailbox.decoys().size();
    }

    private void assertOneWriteAndOneEvent(Asker asker, boolean codeGoesOut, Function<String, Object> operation) {
        String name = prepare(asker, operation);
        int writesBefore = writes();
        int eventsBefore = events();
        int sentBefore = mailbox.sent().size();

        operation.apply(name);

        assertThat(writes() - writesBefore).as("Directory writes").isEqualTo(1);
        assertThat(events() - eventsBefore).as("events published").isEqualTo(1);
        assertThat(mailbox.sent().size() - sentBefore).as("codes delivered").isEqualTo(codeGoesOut ? 1 : 0);
    }

    @ParameterizedTest
    @EnumSource(Asker.class)
    void finding8EveryForgotPasswordCostsOneWriteAndOneEvent(Asker asker) {
        assertOneWriteAndOneEvent(asker, asker.getsResetCode,
                name -> region.accountService().forgotPassword(InMemoryRegion.CLIENT_ID, name));
    }

    @ParameterizedTest
    @EnumSource(Asker.class)
    void everyResendConfirmationCodeCostsOneWriteAndOneEvent(Asker asker) {
        if (asker == Asker.SENDS_USED_UP) {
            // Used up on a user who still has something to confirm.
            String name = "used.up";
            region.signUp(name, PASSWORD, name + "@example.com");
            for (int i = 0; i < PendingCode.MAX_SENDS; i++) {
                region.identityService().resendConfirmationCode(InMemoryRegion.CLIENT_ID, name);
            }
            int writesBefore = writes();
            int eventsBefore = events();
            int sentBefore = mailbox.sent().size();
            region.identityService().resendConfirmationCode(InMemoryRegion.CLIENT_ID, name);
            assertThat(writes() - writesBefore).isEqualTo(1);
            assertThat(events() - eventsBefore).isEqualTo(1);
            assertThat(mailbox.sent().size()).isEqualTo(sentBefore);
            return;
        }
        assertOneWriteAndOneEvent(asker, asker.getsConfirmationCode,
                name -> region.identityService().resendConfirmationCode(InMemoryRegion.CLIENT_ID, name));
    }

    @ParameterizedTest
    @EnumSource(Asker.class)
    void aDecoyIsFencedLikeTheWriteItStandsFor(Asker asker) {
        String name = prepare(asker, n -> region.accountService().forgotPassword(InMemoryRegion.CLIENT_ID, n));
        region.handLeadershipTo("us-west-2");
        int eventsBefore = events();

        assertRefused(() -> region.accountService().forgotPassword(InMemoryRegion.CLIENT_ID, name),
                "OperationNotEnabledException");
        assertThat(events()).isEqualTo(eventsBefore);
    }
}
