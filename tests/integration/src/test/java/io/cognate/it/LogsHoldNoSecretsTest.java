package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cognate.local.events.Outbox;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        for (String secret : foundIn(log, SecretLedger.all())) {
            leaked.add(secret.length() > 12 ? secret.substring(0, 6) + "…" + secret.length() + " chars" : secret);
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
        // One pass finds every secret, overlapping ones and ones inside others too.
        assertThat(foundIn("a secret-token-1234567890abc, then 555111 and 1555111",
                List.of("secret-token-1234567890abc", "token-1234567890abc", "555111", "absent", "token-1234567890abcd")))
                .containsExactlyInAnyOrder("secret-token-1234567890abc", "token-1234567890abc", "555111");
    }

    /** Long secrets anywhere; short ones only standing alone, so a code inside a timestamp is no match. */
    static boolean appearsIn(String log, String secret) {
        return !foundIn(log, List.of(secret)).isEmpty();
    }

    /**
     * The secrets that appear in {@code log}, found in one pass over it (Aho–Corasick over all of
     * them): the run's log is tens of megabytes and the ledger holds thousands of secrets, and a
     * search per secret took minutes.
     */
    static Set<String> foundIn(String log, Collection<String> secrets) {
        var matcher = new SecretMatcher(secrets);
        var found = new LinkedHashSet<String>();
        int state = 0;
        for (int i = 0; i < log.length(); i++) {
            state = matcher.step(state, log.charAt(i));
            for (int s = state; s > 0; s = matcher.outputLink[s]) {
                String secret = matcher.secretAt[s];
                if (secret != null && (secret.length() >= 16 || standsAlone(log, i - secret.length() + 1, i + 1))) {
                    found.add(secret);
                }
            }
        }
        return found;
    }

    private static boolean standsAlone(String log, int start, int end) {
        return (start == 0 || !Character.isLetterOrDigit(log.charAt(start - 1)))
                && (end == log.length() || !Character.isLetterOrDigit(log.charAt(end)));
    }

    /** An Aho–Corasick automaton of the secrets: a trie with failure links and output links. */
    private static final class SecretMatcher {
        private final List<Map<Character, Integer>> next = new ArrayList<>();
        private final int[] fail;
        private final int[] outputLink;
        private final String[] secretAt;

        SecretMatcher(Collection<String> secrets) {
            next.add(new HashMap<>());
            var ends = new HashMap<Integer, String>();
            for (String secret : secrets) {
                if (secret.isEmpty()) {
                    continue;
                }
                int node = 0;
                for (int i = 0; i < secret.length(); i++) {
                    Integer child = next.get(node).get(secret.charAt(i));
                    if (child == null) {
                        child = next.size();
                        next.add(new HashMap<>());
                        next.get(node).put(secret.charAt(i), child);
                    }
                    node = child;
                }
                ends.put(node, secret);
            }
            fail = new int[next.size()];
            outputLink = new int[next.size()];
            secretAt = new String[next.size()];
            ends.forEach((node, secret) -> secretAt[node] = secret);
            var queue = new ArrayDeque<Integer>(next.get(0).values());
            while (!queue.isEmpty()) {
                int node = queue.poll();
                for (var edge : next.get(node).entrySet()) {
                    int child = edge.getValue();
                    int f = fail[node];
                    while (f > 0 && !next.get(f).containsKey(edge.getKey())) {
                        f = fail[f];
                    }
                    Integer target = node == 0 ? null : next.get(f).get(edge.getKey());
                    fail[child] = target == null || target == child ? 0 : target;
                    outputLink[child] = secretAt[fail[child]] != null ? fail[child] : outputLink[fail[child]];
                    queue.add(child);
                }
            }
        }

        /** The state after reading {@code c} in {@code state}. */
        int step(int state, char c) {
            while (state > 0 && !next.get(state).containsKey(c)) {
                state = fail[state];
            }
            Integer to = next.get(state).get(c);
            return to == null ? 0 : to;
        }
    }
}
