package io.cognate.domain;

import io.cognate.domain.triggers.Triggers;
import io.cognate.ports.CodeDelivery;
import io.cognate.ports.UserDirectory;
import java.time.Duration;
import java.time.Instant;

/**
 * What ResendConfirmationCode and ForgotPassword do when they answer "a code went out" but send
 * none (an unknown user, a user who may not receive one, an hour's sends used up): the same two
 * calls a sent code makes, a fenced Directory write and a published event, on a decoy item and a
 * decoy event that nothing delivers. Before, a sent code cost a transaction and an event that a
 * withheld one did not, tens of milliseconds an attacker could time (finding 8 of the security
 * review). With a CustomEmailSender set, a sent code is also encrypted under the pool's KMS key
 * before its event is handed over; a withheld one is encrypted too, and dropped, and its decoy
 * event stands in for the sender's invocation.
 */
final class WithheldCodes {
    /** The decoy item's life: as long as a reset code's, after which DynamoDB's TTL removes it. */
    private static final Duration DECOY_LIFETIME = Duration.ofHours(1);

    private final String region;
    private final UserDirectory directory;
    private final CodeDelivery delivery;
    private final OneTimeCodes codes;
    private final Triggers triggers;

    WithheldCodes(String region, UserDirectory directory, CodeDelivery delivery, OneTimeCodes codes,
                  Triggers triggers) {
        this.region = region;
        this.directory = directory;
        this.delivery = delivery;
        this.codes = codes;
        this.triggers = triggers;
    }

    /** Makes the decoy write and event for {@code username}, then gives {@code answer} back. */
    IdentityService.CodeDeliveryDetails withhold(Username username, String purpose, Instant now, LeaderRecord leader,
                                                 IdentityService.CodeDeliveryDetails answer) {
        directory.writeDecoy(username, now.plus(DECOY_LIFETIME), leader);
        triggers.encryptWithheldCode(codes.newCode());
        // A fresh code, as a sent one has, so the event is the same size; it is never delivered.
        delivery.sendDecoy(new CodeDelivery.Request(username.value(), answer.destination(),
                answer.deliveryMedium(), codes.newCode(), purpose, region));
        return answer;
    }
}
