package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.sun.net.httpserver.HttpServer;
import io.cognate.local.LocalCognate;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;

/**
 * Pictures of the branded hosted pages, taken by a real headless Chromium on the shared stack: the
 * sign-in page a browser lands on from {@code /oauth2/authorize}, and the TOTP step after a
 * right password. Each picture is checked to be a PNG of the window's size that shows the
 * client's branding (its button colour and its banner), so an error page or a blank one fails.
 * They are written to {@code target/screenshots}, or where {@code -Dcognate.screenshots=DIR} (or
 * {@code COGNATE_SCREENSHOTS}) says: {@code ./cognate screenshots} writes the README's into
 * {@code docs/images}. Where Chromium is not installed the tests are skipped, not failed.
 */
@ExtendWith(HostedPagesScreenshotTest.Stack.class)
class HostedPagesScreenshotTest {
    /** Debian's package's path; {@code -Dcognate.chromium=PATH} names another. */
    private static final Path CHROMIUM = Paths.get(System.getProperty("cognate.chromium", "/usr/bin/chromium"));
    private static final int WIDTH = 900;
    private static final int HEIGHT = 900;
    /**
     * Chromium's first start on a fresh profile takes 2 to 5 s on a 2-core machine; a run that has
     * not written its picture in 90 s is hung (it waits on something it cannot reach) and killed.
     */
    private static final long CHROMIUM_BOUND_SECONDS = 90;
    private static final int BUTTON = 0xd9480f;
    private static final int BANNER = 0x102a43;
    private static final String CSS = """
            .background-customizable { background-color: #e9eef3; }
            .banner-customizable { background-color: #102a43; padding: 1rem; margin: -2rem -2rem 1.5rem; text-align: center; border-radius: 8px 8px 0 0; }
            .label-customizable { color: #102a43; }
            .submitButton-customizable { background-color: rgb(217, 72, 15); }
            .submitButton-customizable:hover { background-color: rgb(179, 58, 10); }
            .redirect-customizable { color: #0b7285; }
            """;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalCognate stack;
    private static OAuthApps apps;
    private static String client;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            if (!Files.isExecutable(CHROMIUM)) {
                // Nothing to set up: each test is reported skipped (chromiumInstalled).
                return;
            }
            stack = LocalStackExtension.stack(context);
            apps = OAuthApps.on(stack);
            try (var admin = PoolUsers.adminClient(stack, stack.primary().endpoint(), stack.primary().name())) {
                client = admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId()).clientName("example-co-web")
                        .generateSecret(false).allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                        .allowedOAuthScopes("openid", "email").callbackURLs(apps.callback.toString()).supportedIdentityProviders("COGNITO"))
                        .userPoolClient().clientId();
                admin.setUICustomization(b -> b.userPoolId(stack.userPoolId()).clientId(client).css(CSS)
                        .imageFile(SdkBytes.fromByteArray(logo())));
            }
            Accounts.awaitReplicated(stack);
        }
    }

    @BeforeEach
    void chromiumInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), () -> "no Chromium at " + CHROMIUM
                + " (./cognate screenshots installs Debian's)");
    }

    @Test
    void theBrandedSignInPageThatAuthorizeLeadsTo() throws Exception {
        URI authorize = stack.frontDoorEndpoint().resolve("/oauth2/authorize?" + authorizeQuery());
        Path picture = output().resolve("hosted-login.png");

        chromium(authorize.toString(), picture);

        BufferedImage image = checkedPicture(picture);
        // The banner holds the logo, whose white ring is drawn on it: the logo was served and shown.
        assertThat(pixelsNear(image, 0xffffff, 0, 0, WIDTH, 200)).as("the logo's white on the banner").isGreaterThan(200);
    }

    @Test
    void theBrandedTotpStepAfterTheRightPassword() throws Exception {
        String username = Accounts.confirmedUser(stack);
        HostedBrowsers.enrolTotp(stack.primary(), stack.clientId(), username);
        Accounts.awaitReplicated(stack);

        var agent = new HostedAgent();
        URI login = stack.frontDoorEndpoint().resolve("/login?" + authorizeQuery());
        var form = agent.get(login);
        assertThat(form.statusCode()).isEqualTo(200);
        var fields = new LinkedHashMap<>(HostedAgent.queryOf(login.toString()));
        fields.put("_csrf", HostedAgent.csrf(form.body()));
        fields.put("username", username);
        fields.put("password", Accounts.PASSWORD);
        var mfa = agent.post(stack.frontDoorEndpoint().resolve("/login"), HostedAgent.form(fields));
        assertThat(mfa.statusCode()).as(mfa.body()).isEqualTo(200);
        assertThat(mfa.body()).contains("Enter your authentication code").contains("logo-customizable");

        // A form's answer to a post, which Chromium's --screenshot cannot make: the page as the
        // stack served it, from a loopback server of the test's that passes the page's stylesheet
        // and logo on from the stack (they are served to their own origin only).
        byte[] page = mfa.body().getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mfa", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.createContext("/hosted/", exchange -> {
            HttpResponse<byte[]> served;
            try {
                served = HTTP.send(HttpRequest.newBuilder(stack.frontDoorEndpoint().resolve(exchange.getRequestURI().toString()))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            exchange.getResponseHeaders().add("Content-Type", served.headers().firstValue("content-type").orElse("text/plain"));
            exchange.sendResponseHeaders(served.statusCode(), served.body().length);
            exchange.getResponseBody().write(served.body());
            exchange.close();
        });
        server.start();
        Path picture = output().resolve("hosted-mfa.png");
        try {
            chromium("http://127.0.0.1:" + server.getAddress().getPort() + "/mfa", picture);
        } finally {
            server.stop(0);
        }
        checkedPicture(picture);
    }

    /** Checks the PNG: the window's size, not blank, the client's button colour and banner on it. */
    private static BufferedImage checkedPicture(Path picture) throws IOException {
        assertThat(picture).exists();
        BufferedImage image = ImageIO.read(picture.toFile());
        assertThat(image).as("a PNG that decodes").isNotNull();
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
        // A blank or single-colour picture (nothing rendered) has one colour; the page has dozens.
        assertThat(image.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH)).as("distinct colours")
                .satisfies(pixels -> assertThat(java.util.Arrays.stream(pixels).map(p -> p & 0xffffff).distinct().count())
                        .isGreaterThan(20));
        // The button is about 380 x 40 px of the client's colour, the banner wider still: an
        // unbranded page or an error page has neither.
        assertThat(pixelsNear(image, BUTTON, 0, 0, WIDTH, HEIGHT)).as("the branded button").isGreaterThan(5_000);
        assertThat(pixelsNear(image, BANNER, 0, 0, WIDTH, HEIGHT)).as("the branded banner").isGreaterThan(5_000);
        return image;
    }

    /** Pixels within 6 of {@code rgb} in each channel (Chromium's colour conversion may move one a step or two). */
    private static long pixelsNear(BufferedImage image, int rgb, int x0, int y0, int width, int height) {
        long count = 0;
        for (int y = y0; y < y0 + height; y++) {
            for (int x = x0; x < x0 + width; x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= 6 && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= 6
                        && Math.abs((p & 0xff) - (rgb & 0xff)) <= 6) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * One headless Chromium run that writes {@code url}'s picture to {@code picture}: a fresh
     * profile (nothing carried between runs), no first-run, sync, update or background fetches,
     * and killed with every process it started if it has not finished in time.
     */
    private static void chromium(String url, Path picture) throws Exception {
        Files.createDirectories(picture.getParent());
        Files.deleteIfExists(picture);
        Path profile = Files.createTempDirectory("chromium-profile");
        Path log = profile.resolveSibling(profile.getFileName() + ".log");
        Process process = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--window-size=" + WIDTH + "," + HEIGHT, "--screenshot=" + picture.toAbsolutePath(), url)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            boolean finished = process.waitFor(CHROMIUM_BOUND_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            assertThat(finished).as("Chromium finished within %d s", CHROMIUM_BOUND_SECONDS).isTrue();
            assertThat(process.exitValue()).as(() -> "Chromium's exit status; it said: " + read(log)).isZero();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            deleteTree(profile);
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Where the pictures go: the asked-for directory, else this module's target/screenshots. */
    private static Path output() {
        String asked = System.getProperty("cognate.screenshots", System.getenv("COGNATE_SCREENSHOTS"));
        return asked == null || asked.isBlank() ? Paths.get("target", "screenshots") : Paths.get(asked);
    }

    private static String authorizeQuery() {
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "email"), new ClientID(client),
                apps.callback).state(new State()).nonce(new Nonce()).endpointURI(URI.create("/oauth2/authorize"))
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256).build().toURI().getRawQuery();
    }

    /** The example company's logo: a white ring around an orange dot, and three bars, on transparent. */
    static byte[] logo() {
        var image = new BufferedImage(220, 64, BufferedImage.TYPE_INT_ARGB);
        var g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(6));
            g.draw(new Ellipse2D.Double(8, 8, 48, 48));
            g.setColor(new Color(BUTTON));
            g.fill(new Ellipse2D.Double(22, 22, 20, 20));
            g.setColor(Color.WHITE);
            for (int bar = 0; bar < 3; bar++) {
                g.fill(new RoundRectangle2D.Double(72, 12 + bar * 16, 140 - bar * 36, 8, 8, 8));
            }
        } finally {
            g.dispose();
        }
        try {
            var out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
