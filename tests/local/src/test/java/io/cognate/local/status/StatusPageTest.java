package io.cognate.local.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The status page's HTML: escaped, accessible, self-refreshing, with no inline script or style. */
class StatusPageTest {
    private static final String HOSTILE = "<script>alert('x')</script>\"&";

    private static StatusSnapshot snapshot(String regionName, List<StatusSnapshot.FailoverRecord> failovers,
                                           StatusSnapshot.ChaosRun chaos) {
        return new StatusSnapshot("2026-12-02T10:00:00Z", regionName, 2,
                new StatusSnapshot.Traffic("auth.cognate.local", "route53", regionName),
                List.of(new StatusSnapshot.RegionStatus(regionName, "primary", 2L, "up",
                                new StatusSnapshot.Probe("2026-12-02T09:59:59Z", "eu-west-1", false, 2)),
                        new StatusSnapshot.RegionStatus("eu-west-1", "secondary", 2L, "down", null)),
                new StatusSnapshot.Replication(true, 250, List.of(new StatusSnapshot.ReplicationLink(regionName,
                        "eu-west-1", 12, 3, 1500, 20, 4000L))),
                failovers, List.of(), chaos);
    }

    @Test
    void aHostileRegionNameOrReasonIsTextNotMarkup() {
        var failover = new StatusSnapshot.FailoverRecord("FailoverCompleted", "eu-west-1", HOSTILE, 2,
                "<img src=x onerror=alert(1)>", "2026-12-02T09:59:40Z", "2026-12-02T09:59:59Z",
                "2026-12-02T10:00:00Z", "2026-12-02T10:00:00Z", 19_000L, 300, 200, 19_500);
        String html = StatusPage.render(snapshot(HOSTILE, List.of(failover), null));

        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("alert('x')");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;")
                .contains("&lt;img src=x onerror=alert(1)&gt;");
        // The role becomes a class name of letters only, so no value can leave the attribute either.
        assertThat(StatusPage.render(new StatusSnapshot("t", "a", 1, new StatusSnapshot.Traffic("r", "route53", null),
                List.of(new StatusSnapshot.RegionStatus("a", "\"><script>", 1L, "up", null)),
                new StatusSnapshot.Replication(false, 0, List.of()), List.of(), List.of(), null)))
                .contains("class=\"role-script\"").doesNotContain("<script");
    }

    @Test
    void thePageIsAccessibleAndReloadsItselfWithoutInlineCode() {
        String html = StatusPage.render(snapshot("us-east-1", List.of(), null));

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">")
                .contains("<title>Cognate local status: us-east-1 leads at epoch 2</title>")
                .contains("<meta http-equiv=\"refresh\" content=\"" + StatusPage.REFRESH_SECONDS + "\">")
                .contains("<th scope=\"col\">Role</th>").contains("<th scope=\"row\">us-east-1</th>")
                .contains("<link rel=\"stylesheet\" href=\"/_local/status.css\">");
        assertThat(html).doesNotContain("<script").doesNotContain("style=").doesNotContain("<style")
                .doesNotContainPattern("\\son[a-z]+\\s*=");
        assertThat(html).contains("eu-west-1 FAILED, 2 failures in a row").contains("<strong>Paused</strong>")
                .contains("injected lag 250 ms");
        // A region left with an older copy of the leader record says so.
        String stale = StatusPage.render(new StatusSnapshot("t", "eu-west-1", 2, new StatusSnapshot.Traffic("r", "route53", "eu-west-1"),
                List.of(new StatusSnapshot.RegionStatus("us-east-1", "primary", 1L, "down", null),
                        new StatusSnapshot.RegionStatus("eu-west-1", "primary", 2L, "up", null)),
                new StatusSnapshot.Replication(false, 0, List.of()), List.of(), List.of(), null));
        assertThat(stale).contains("<td>1 (stale: newest is 2)</td>").contains("<td>2</td>");
    }

    @Test
    void emptyHooksSayNoneRecordedAndFilledOnesAreListed() {
        String idle = StatusPage.render(snapshot("us-east-1", List.of(), null));
        assertThat(idle).contains("<p id=\"failovers-none\">None recorded.</p>")
                .contains("<p id=\"conflicts-none\">None recorded.</p>")
                .contains("<p id=\"chaos-none\">No chaos run in progress.</p>");

        var running = new StatusSnapshot.ChaosRun("2026-12-02T09:50:00Z", "primary outage", 65_000, 600_000, 1234, 0, 1);
        var withConflict = new StatusSnapshot("t", "us-east-1", 3,
                new StatusSnapshot.Traffic("r", "route53", "us-east-1"), List.of(),
                new StatusSnapshot.Replication(false, 0, List.of()), List.of(),
                List.of(new StatusSnapshot.ConflictRecord("t", "directory", "USER#alice", "eu-west-1", "us-east-1",
                        "higher epoch wins")), running);
        String busy = StatusPage.render(withConflict);
        assertThat(busy).doesNotContain("conflicts-none").doesNotContain("chaos-none")
                .contains("<td>USER#alice</td>").contains("<dd>65 s of 600 s</dd>").contains("<dd>primary outage</dd>");
    }

    @Test
    void securityHeadersAllowOnlyTheSameOriginStylesheetAndNoFraming() {
        assertThat(StatusPage.securityHeaders())
                .containsEntry("Content-Security-Policy",
                        "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
                .containsEntry("X-Frame-Options", "DENY")
                .containsEntry("X-Content-Type-Options", "nosniff");
    }
}
