package io.cognate.local.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link StatusSnapshot} as a plain HTML page: readable without JavaScript or CSS,
 * tables with scoped headers, every value escaped (a region or reason holding {@code <} is text,
 * never markup), and a {@code <meta http-equiv="refresh">} so the browser reloads it on its own.
 */
public final class StatusPage {
    /**
     * How often the page reloads. The local stack's own timing probes every second and runs the
     * health-check every 5 s, so a failover there takes 5–10 s: a 2 s reload shows every step of it
     * (probe failures counting up, the epoch raise, the flip) without loading the stack much.
     */
    public static final int REFRESH_SECONDS = 2;

    private static final Map<String, String> SECURITY_HEADERS = securityHeaderValues();

    private StatusPage() {
    }

    /**
     * The headers on every status answer: nothing but the same-origin stylesheet may load, no
     * framing (clickjacking), no sniffing, no caching of a page that changes every refresh.
     */
    public static Map<String, String> securityHeaders() {
        return SECURITY_HEADERS;
    }

    private static Map<String, String> securityHeaderValues() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy",
                "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cache-Control", "no-store");
        return Map.copyOf(headers);
    }

    public static String render(StatusSnapshot s) {
        var html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Cognate local status: ").append(escape(s.leader())).append(" leads at epoch ")
                .append(s.epoch()).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"").append(LocalStatus.STYLESHEET_PATH).append("\">\n")
                .append("</head>\n<body>\n<main>\n<h1>Cognate local stack</h1>\n");
        html.append("<p id=\"summary\">Leader: <strong id=\"leader\">").append(escape(s.leader()))
                .append("</strong> at epoch <strong id=\"epoch\">").append(s.epoch())
                .append("</strong>. Traffic: <code>").append(escape(s.traffic().recordName())).append("</code> &rarr; <strong id=\"traffic-region\">")
                .append(s.traffic().region() == null ? "nowhere" : escape(s.traffic().region())).append("</strong> (")
                .append(escape(s.traffic().trafficSwitch())).append(").</p>\n");
        html.append("<p class=\"note\">As of <time id=\"as-of\" datetime=\"").append(escape(s.at())).append("\">")
                .append(escape(s.at())).append("</time>; this page reloads every ").append(REFRESH_SECONDS)
                .append(" s. The same data: <a href=\"").append(LocalStatus.JSON_PATH).append("\">status.json</a>.</p>\n");
        regions(html, s.regions(), s.epoch());
        replication(html, s.replication());
        failovers(html, s.failovers());
        conflicts(html, s.conflicts());
        chaos(html, s.chaos());
        html.append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void regions(StringBuilder html, List<StatusSnapshot.RegionStatus> regions, long newestEpoch) {
        html.append("<h2 id=\"regions-heading\">Regions</h2>\n<table id=\"regions\" aria-labelledby=\"regions-heading\">\n<thead><tr>");
        headers(html, "Region", "Role", "Epoch", "Health", "Last probe");
        html.append("</tr></thead>\n<tbody>\n");
        for (StatusSnapshot.RegionStatus region : regions) {
            html.append("<tr class=\"role-").append(cssToken(region.role())).append("\"><th scope=\"row\">")
                    .append(escape(region.name())).append("</th>");
            cell(html, region.role());
            // A region cut off (down, partitioned) keeps its old copy of the leader record: its epoch
            // below the newest says which of two "primary" rows is the real one.
            cell(html, region.epoch() == null ? "unknown"
                    : region.epoch() + (region.epoch() < newestEpoch ? " (stale: newest is " + newestEpoch + ")" : ""));
            cell(html, region.health());
            StatusSnapshot.Probe probe = region.lastProbe();
            cell(html, probe == null ? "no run yet" : (probe.probedRegion() == null || probe.probedRegion().isEmpty() ? "itself" : probe.probedRegion())
                    + " " + (probe.healthy() ? "healthy" : "FAILED")
                    + (probe.consecutiveFailures() > 0 ? ", " + probe.consecutiveFailures() + " failures in a row" : "")
                    + " at " + probe.at());
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void replication(StringBuilder html, StatusSnapshot.Replication replication) {
        html.append("<h2 id=\"replication-heading\">Replication</h2>\n<p id=\"replication-switches\">")
                .append(replication.paused() ? "<strong>Paused</strong> (partition)" : "Flowing")
                .append(replication.injectedLagMs() > 0 ? "; injected lag " + replication.injectedLagMs() + " ms" : "")
                .append(".</p>\n<table id=\"replication\" aria-labelledby=\"replication-heading\">\n<thead><tr>");
        headers(html, "From", "To", "Lag now (ms)", "Pending changes", "Last applied change's age (ms)",
                "Heartbeat age at receiver (ms)", "Changes applied");
        html.append("</tr></thead>\n<tbody>\n");
        for (StatusSnapshot.ReplicationLink link : replication.links()) {
            html.append("<tr><th scope=\"row\">").append(escape(link.from())).append("</th>");
            cell(html, link.to());
            cell(html, Long.toString(link.lagMs()));
            cell(html, Integer.toString(link.pending()));
            cell(html, Long.toString(link.lastApplyLagMs()));
            cell(html, link.heartbeatAgeMs() == null ? "no heartbeat yet" : link.heartbeatAgeMs().toString());
            cell(html, Long.toString(link.applied()));
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void failovers(StringBuilder html, List<StatusSnapshot.FailoverRecord> failovers) {
        html.append("<h2 id=\"failovers-heading\">Recent failovers</h2>\n");
        if (failovers.isEmpty()) {
            html.append("<p id=\"failovers-none\">None recorded.</p>\n");
            return;
        }
        html.append("<table id=\"failovers\" aria-labelledby=\"failovers-heading\">\n<thead><tr>");
        headers(html, "Traffic flipped at", "Kind", "From", "To", "Epoch", "First failed probe", "Writable at",
                "Detection (ms)", "Promotion (ms)", "Flip (ms)", "Total (ms)", "Reason");
        html.append("</tr></thead>\n<tbody>\n");
        for (StatusSnapshot.FailoverRecord failover : failovers) {
            html.append("<tr><th scope=\"row\">").append(escape(failover.trafficFlippedAt())).append("</th>");
            cell(html, failover.kind());
            cell(html, failover.fromRegion());
            cell(html, failover.toRegion());
            cell(html, Long.toString(failover.epoch()));
            cell(html, failover.firstFailedProbeAt() == null ? "none (planned)" : failover.firstFailedProbeAt());
            cell(html, failover.writableAt());
            cell(html, failover.detectionMs() == null ? "none (planned)" : failover.detectionMs().toString());
            cell(html, Long.toString(failover.promotionMs()));
            cell(html, Long.toString(failover.flipMs()));
            cell(html, Long.toString(failover.totalMs()));
            cell(html, failover.reason());
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void conflicts(StringBuilder html, List<StatusSnapshot.ConflictRecord> conflicts) {
        html.append("<h2 id=\"conflicts-heading\">Conflicts</h2>\n");
        if (conflicts.isEmpty()) {
            html.append("<p id=\"conflicts-none\">None recorded.</p>\n");
            return;
        }
        html.append("<table id=\"conflicts\" aria-labelledby=\"conflicts-heading\">\n<thead><tr>");
        headers(html, "Detected at", "Table", "Item", "Kept (region)", "Set aside (region)", "Resolution");
        html.append("</tr></thead>\n<tbody>\n");
        for (StatusSnapshot.ConflictRecord conflict : conflicts) {
            html.append("<tr><th scope=\"row\">").append(escape(conflict.detectedAt())).append("</th>");
            cell(html, conflict.table());
            cell(html, conflict.item());
            cell(html, conflict.winner());
            cell(html, conflict.loser());
            cell(html, conflict.resolution());
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void chaos(StringBuilder html, StatusSnapshot.ChaosRun chaos) {
        html.append("<h2 id=\"chaos-heading\">Chaos run</h2>\n");
        if (chaos == null) {
            html.append("<p id=\"chaos-none\">No chaos run in progress.</p>\n");
            return;
        }
        html.append("<dl id=\"chaos\">\n");
        term(html, "Started at", chaos.startedAt());
        term(html, "Fault now", chaos.fault() == null ? "none" : chaos.fault());
        term(html, "Progress", (chaos.elapsedMs() / 1000) + " s of " + (chaos.plannedMs() / 1000) + " s");
        term(html, "Operations acknowledged", Long.toString(chaos.acknowledged()));
        term(html, "Acknowledged writes lost", Long.toString(chaos.lost()));
        term(html, "Conflicts detected", Long.toString(chaos.conflictsDetected()));
        html.append("</dl>\n");
    }

    private static void headers(StringBuilder html, String... names) {
        for (String name : names) {
            html.append("<th scope=\"col\">").append(escape(name)).append("</th>");
        }
    }

    private static void cell(StringBuilder html, String text) {
        html.append("<td>").append(escape(text)).append("</td>");
    }

    private static void term(StringBuilder html, String term, String value) {
        html.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    /** A role as a class name: letters only, so no value can break out of the attribute. */
    private static String cssToken(String text) {
        return text == null ? "unknown" : text.replaceAll("[^A-Za-z]", "");
    }

    /** Text for an element or a quoted attribute value; null becomes an empty string. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The page's only stylesheet, served from the same origin so the policy needs no 'unsafe-inline'. */
    public static String stylesheet() {
        return """
                body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; background: #fff; }
                table { border-collapse: collapse; margin-bottom: 1.5rem; }
                th, td { border: 1px solid #999; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
                thead th { background: #e8e8e8; }
                tr.role-primary th[scope=row] { background: #d6f0d6; }
                tr.role-fenced th[scope=row] { background: #fff0c0; }
                .note { color: #444; }
                @media (prefers-color-scheme: dark) {
                  body { color: #eee; background: #161616; }
                  thead th { background: #333; }
                  tr.role-primary th[scope=row] { background: #1f4d1f; }
                  tr.role-fenced th[scope=row] { background: #4d4010; }
                  .note { color: #bbb; }
                }
                """;
    }
}
