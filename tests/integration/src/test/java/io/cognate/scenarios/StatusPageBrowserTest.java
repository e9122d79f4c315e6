package io.cognate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.local.status.ConflictLog;
import io.cognate.local.status.StatusSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.htmlunit.BrowserVersion;
import org.htmlunit.Page;
import org.htmlunit.RefreshHandler;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.WebWindow;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTable;
import org.htmlunit.html.HtmlTableCell;
import org.htmlunit.html.HtmlTableRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A headless browser watches {@code /_local/status} through a failover. The stack is this test's
 * own (it changes the leader), with the scheduler on and the local timing (a health-check run every
 * 5 s, a probe a second, promotion after 3 failures), so the failover happens on its own after the
 * outage switch is thrown, as it does in {@code ./cognate local}; the browser is only left to
 * follow the page's own {@code <meta http-equiv="refresh">}.
 */
class StatusPageBrowserTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /**
     * A bound on the wait, not a speed expectation: the local timing fails over in 5–10 s; a loaded
     * two-core machine running other suites may take several times that.
     */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(120);

    private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();
    private static LocalCognate stack;

    @BeforeAll
    static void start() {
        stack = LocalCognate.start(LocalOptions.ephemeral(EAST, WEST).withScheduler(true),
                new PrintStream(CONSOLE, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static WebClient browser(RefreshHandler refresh) {
        WebClient browser = new WebClient(BrowserVersion.FIREFOX);
        // The page has no script; a browser that runs none must see everything.
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(true);
        browser.setRefreshHandler(refresh);
        return browser;
    }

    /**
     * Follows a page's {@code <meta http-equiv="refresh">} as a browser does: after the page's delay,
     * on a thread of its own, loading the new page into the same window. HtmlUnit's default handler
     * follows a refresh at once inside {@code getPage}, and a page that always refreshes would never
     * finish loading; its threaded handler keeps reloading after the client is closed. This one
     * stops when the test is done with the browser.
     */
    private static final class BackgroundRefresh implements RefreshHandler, AutoCloseable {
        private final AtomicInteger reloads = new AtomicInteger();
        private volatile boolean stopped;

        @Override
        public void handleRefresh(Page page, URL url, int seconds) {
            WebWindow window = page.getEnclosingWindow();
            Thread.ofVirtual().name("status-page-refresh").start(() -> {
                try {
                    Thread.sleep(Duration.ofSeconds(seconds));
                    if (!stopped) {
                        window.getWebClient().getPage(window, new WebRequest(url));
                        reloads.incrementAndGet();
                    }
                } catch (InterruptedException | IOException | RuntimeException e) {
                    if (!stopped) {
                        System.err.println("status page refresh failed: " + e);
                    }
                }
            });
        }

        int reloads() {
            return reloads.get();
        }

        @Override
        public void close() {
            stopped = true;
        }
    }

    @Test
    void thePageFollowsAFailoverFromTheOutageSwitchToTheFlip() throws Exception {
        URL page = stack.frontDoorEndpoint().resolve("/_local/status").toURL();
        BackgroundRefresh refresh = new BackgroundRefresh();
        try (WebClient browser = browser(refresh); refresh) { // the refresh stops before the browser closes
            HtmlPage before = browser.getPage(page);
            assertThat(before.getTitleText()).isEqualTo("Cognate local status: us-east-1 leads at epoch 1");
            assertThat(text(before, "leader")).isEqualTo(EAST);
            assertThat(text(before, "epoch")).isEqualTo("1");
            assertThat(text(before, "traffic-region")).isEqualTo(EAST);
            assertThat(row(before, "regions", EAST).subList(0, 4)).containsExactly(EAST, "primary", "1", "up");
            assertThat(row(before, "regions", WEST).subList(0, 4)).containsExactly(WEST, "secondary", "1", "up");
            assertThat(before.getElementById("failovers-none").getTextContent()).isEqualTo("None recorded.");
            assertThat(before.getElementById("conflicts-none").getTextContent()).isEqualTo("None recorded.");
            assertThat(before.getElementById("chaos-none")).isNotNull();
            String firstAsOf = text(before, "as-of");

            post("/_local/regions/" + EAST + "/outage", "{\"down\": true}");

            Set<String> pagesSeen = new HashSet<>();
            HtmlPage after = awaitPage(browser, pagesSeen, shown -> WEST.equals(text(shown, "leader"))
                    && shown.getElementById("failovers") != null);
            // The window's page changed without this test asking: the page's own refresh reloaded it.
            pagesSeen.remove(firstAsOf);
            assertThat(pagesSeen).as("snapshots the browser's refreshes loaded after the first").isNotEmpty();
            assertThat(refresh.reloads()).isPositive();

            assertThat(Long.parseLong(text(after, "epoch"))).isGreaterThan(1);
            assertThat(text(after, "traffic-region")).isEqualTo(WEST);
            assertThat(row(after, "regions", WEST).subList(0, 2)).containsExactly(WEST, "primary");
            assertThat(row(after, "regions", EAST).get(3)).isEqualTo("down");
            HtmlTable failovers = (HtmlTable) after.getElementById("failovers");
            List<String> headers = failovers.getHeader().getRows().getFirst().getCells().stream()
                    .map(HtmlTableCell::getTextContent).toList();
            List<String> failover = cells(failovers.getBodies().getFirst().getRows().getFirst());
            Map<String, String> byHeader = new java.util.LinkedHashMap<>();
            for (int i = 0; i < headers.size(); i++) {
                byHeader.put(headers.get(i), failover.get(i));
            }
            assertThat(byHeader).containsEntry("Kind", "FailoverCompleted").containsEntry("From", EAST)
                    .containsEntry("To", WEST).containsEntry("Epoch", text(after, "epoch"));
            assertThat(byHeader.get("First failed probe")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(byHeader.get("Writable at")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(byHeader.get("Traffic flipped at")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            long detection = Long.parseLong(byHeader.get("Detection (ms)"));
            long total = Long.parseLong(byHeader.get("Total (ms)"));
            assertThat(total).isGreaterThanOrEqualTo(detection).isPositive();
            assertThat(byHeader.get("Reason")).contains("consecutive health probes");

            // The JSON says the same, from the same snapshot code.
            JsonNode json = JSON.readTree(get("/_local/status.json").body());
            assertThat(json.path("leader").asText()).isEqualTo(WEST);
            assertThat(json.path("failovers").path(0).path("totalMs").asLong()).isEqualTo(total);
            assertThat(json.path("failovers").path(0).path("firstFailedProbeAt").asText())
                    .isEqualTo(byHeader.get("First failed probe"));
        }
    }

    @Test
    void thePageIsLockedDownAndHoldsNoSecret() throws Exception {
        try (WebClient browser = browser((page, url, seconds) -> { })) { // one load is enough here
            Page page = browser.getPage(stack.frontDoorEndpoint().resolve("/_local/status").toURL());
            WebResponse response = page.getWebResponse();
            assertThat(response.getResponseHeaderValue("Content-Security-Policy"))
                    .startsWith("default-src 'none'; style-src 'self'").contains("frame-ancestors 'none'");
            assertThat(response.getResponseHeaderValue("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.getContentType()).isEqualTo("text/html");
            String html = response.getContentAsString();
            String json = get("/_local/status.json").body();
            JsonNode config = JSON.readTree(get("/_local/config").body());
            // What /_local/config shows and the status must not: keys, secrets and key ids.
            for (String secret : List.of("adminAccessKeyId", "adminSecretAccessKey", "m2mClientSecret", "signingKeyId",
                    "dataKeyId")) {
                String value = config.path(secret).asText();
                assertThat(value).as(secret).isNotBlank();
                assertThat(html).as("the page").doesNotContain(value);
                assertThat(json).as("the JSON").doesNotContain(value);
            }
            HttpResponse<String> stylesheet = get("/_local/status.css");
            assertThat(stylesheet.statusCode()).isEqualTo(200);
            assertThat(stylesheet.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
            HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(stack.frontDoorEndpoint().resolve("/_local/status"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(405);
            assertThat(get("/_local/status/extra").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aHostileNameFromAHookIsTextInTheBrowsersDocument() throws Exception {
        String table = "<script>document.title='owned'</script>";
        String item = "USER#<img src=x onerror=alert(1)>";
        stack.status().useConflictLog(() -> List.of(new StatusSnapshot.ConflictRecord("2026-12-02T10:00:00Z", table, item,
                WEST, EAST, "higher epoch wins")));
        try (WebClient browser = browser((page, url, seconds) -> { })) {
            HtmlPage page = browser.getPage(stack.frontDoorEndpoint().resolve("/_local/status").toURL());
            assertThat(page.getElementById("conflicts-none")).isNull();
            List<String> conflict = row(page, "conflicts", "2026-12-02T10:00:00Z");
            assertThat(conflict.subList(1, 3)).containsExactly(table, item);
            assertThat(page.getElementsByTagName("script")).isEmpty();
            assertThat(page.getElementsByTagName("img")).isEmpty();
            assertThat(page.getTitleText()).startsWith("Cognate local status");
        } finally {
            stack.status().useConflictLog(ConflictLog.NONE);
        }
    }

    /**
     * Waits, bounded, for the page the browser's window shows to satisfy {@code shown}, noting the
     * snapshot time of every page seen. The browser reloads it; this only looks.
     */
    private static HtmlPage awaitPage(WebClient browser, Set<String> pagesSeen, Predicate<HtmlPage> shown)
            throws InterruptedException {
        long deadline = System.nanoTime() + FAILOVER_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            if (browser.getCurrentWindow().getEnclosedPage() instanceof HtmlPage current) {
                pagesSeen.add(text(current, "as-of"));
                if (shown.test(current)) {
                    return current;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the page did not show the failover within " + FAILOVER_BOUND.toSeconds()
                + " s; snapshots seen: " + pagesSeen.size() + "; stack console:\n" + console());
    }

    private static String text(HtmlPage page, String id) {
        var element = page.getElementById(id);
        return element == null ? null : element.getTextContent();
    }

    /** The cells of the row whose header cell is {@code name}, in the table with that id. */
    private static List<String> row(HtmlPage page, String tableId, String name) {
        HtmlTable table = (HtmlTable) page.getElementById(tableId);
        return table.getBodies().getFirst().getRows().stream()
                .map(StatusPageBrowserTest::cells)
                .filter(cells -> cells.getFirst().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + name + " in " + tableId));
    }

    private static List<String> cells(HtmlTableRow row) {
        return row.getCells().stream().map(HtmlTableCell::getTextContent).toList();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(stack.frontDoorEndpoint().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void post(String path, String body) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(stack.frontDoorEndpoint().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private static String console() {
        synchronized (CONSOLE) {
            return CONSOLE.toString(StandardCharsets.UTF_8);
        }
    }
}
