package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cognate.local.events.Outbox;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * No password, token, refresh token, TOTP secret or code appears in any log line of the whole
 * test run. Runs after every other test class ({@code @Order} with the class orderer set in
 * junit-platform.properties) and scans what {@link RunLog} captured for every secret in the
 * {@link SecretLedger}, plus every code the outbox saw.
 */
@Order(Integer.MAX_VALUE)
@ExtendWith(LogsHoldNoSecretsTest.Context.class)
class LogsHoldNoSecretsTest {
    private static ExtensionContext extensionContext;

    static final class Context implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            extensionContext = context;
        }
    }

    @Test
    void noSecretUsedInTheRunAppearsInItsLog() {
        assumeTrue(RunLog.isCapturing(), "the run log is captured by the launcher session listener");
        assumeTrue(!SecretLedger.all().isEmpty(), "no other test ran before this one: nothing to look for");
        // The stack exists by now (the ledger was filled through it); its outbox holds every code sent.
        for (Outbox.Entry entry : LocalStackExtension.stack(extensionContext).outbox().entries()) {
            SecretLedger.remember(entry.code());
        }
        String log = RunLog.text();
        List<String> leaked = new ArrayList<>();
        for (String secret : SecretLedger.all()) {
            if (appearsIn(log, secret)) {
                leaked.add(secret.length() > 12 ? secret.substring(0, 6) + "…" + secret.length() + " chars" : secret);
            }
        }
        assertThat(leaked).as("secrets found in the run's log (of %d looked for, in %d characters of log)",
                SecretLedger.all().size(), log.length()).isEmpty();
    }

    @Test
    void theCaptureSeesLogLinesAndTheScanFindsASecretInThem() {
        assumeTrue(RunLog.isCapturing(), "the run log is captured by the launcher session listener");
        String canary = "canary-" + System.nanoTime();
        LoggerFactory.getLogger(LogsHoldNoSecretsTest.class).warn("deliberately logged: {}", canary);
        String log = RunLog.text();
        assertThat(appearsIn(log, canary)).isTrue();
        assertThat(appearsIn("code=482913 sent", "482913")).isTrue();
        // A short secret inside a longer run of digits or letters is a coincidence, not a leak.
        assertThat(appearsIn("at 1764028482913 ms", "482913")).isFalse();
    }

    /** Long secrets anywhere; short ones only standing alone, so a code inside a timestamp is no match. */
    static boolean appearsIn(String log, String secret) {
        if (secret.length() >= 16) {
            return log.contains(secret);
        }
        return Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(secret) + "(?![A-Za-z0-9])").matcher(log).find();
    }
}
