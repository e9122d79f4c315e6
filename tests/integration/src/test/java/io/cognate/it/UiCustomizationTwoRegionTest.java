package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SetUiCustomizationRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UICustomizationType;

/**
 * SetUICustomization and GetUICustomization through the AWS SDK's Cognito client, signed with the
 * stack's admin key, on the shared stack: a Set at the secondary forwarded to the leader and read
 * back in both regions; a client's own setting beating the pool's default; CSS that could load or
 * run anything, logos that are not a PNG or JPEG of at most 100 KB, unknown clients and unsigned
 * calls refused with Cognito's errors; and two Sets at once both applied, one after the other.
 * Each test brands clients of its own, and leaves the pool's default empty as it found it.
 */
@ExtendWith(UiCustomizationTwoRegionTest.Stack.class)
class UiCustomizationTwoRegionTest {
    static final String CSS = ".banner-customizable { background-color: #102a43; }\n"
            + ".submitButton-customizable { background-color: rgb(217, 72, 15); }";
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    private static LocalRegion secondary() {
        return stack.regions().stream().filter(region -> region != stack.primary()).findFirst().orElseThrow();
    }

    private static CognitoIdentityProviderClient admin(LocalRegion region) {
        return PoolUsers.adminClient(stack, region.endpoint(), region.name());
    }

    /** A small real PNG, written by the JDK's image encoder. */
    static byte[] png() {
        try {
            var image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            image.setRGB(3, 3, 0xd9480f);
            var out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String newClient(CognitoIdentityProviderClient admin) {
        return admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId())
                .clientName("branded-" + UUID.randomUUID().toString().substring(0, 8))).userPoolClient().clientId();
    }

    private static SetUiCustomizationRequest set(String clientId, String css, byte[] image) {
        var request = SetUiCustomizationRequest.builder().userPoolId(stack.userPoolId()).clientId(clientId).css(css);
        if (image != null) {
            request.imageFile(SdkBytes.fromByteArray(image));
        }
        return request.build();
    }

    private static UICustomizationType get(CognitoIdentityProviderClient admin, String clientId) {
        return admin.getUICustomization(b -> b.userPoolId(stack.userPoolId()).clientId(clientId)).uiCustomization();
    }

    @Test
    void aSetAtTheSecondaryIsForwardedToTheLeaderAndBothRegionsAnswerIt() {
        try (var primary = admin(stack.primary()); var atSecondary = admin(secondary())) {
            String client = newClient(primary);
            Accounts.awaitReplicated(stack);
            // Not linked for forwarding, the secondary refuses the write, as every Directory write.
            assertThatThrownBy(() -> atSecondary.setUICustomization(set(client, CSS, png())))
                    .isInstanceOf(OperationNotEnabledException.class);

            stack.linkRegionsForWriteForwarding(true);
            UICustomizationType stored;
            try {
                stored = atSecondary.setUICustomization(set(client, CSS, png())).uiCustomization();
            } finally {
                stack.linkRegionsForWriteForwarding(false);
            }
            assertThat(stored.userPoolId()).isEqualTo(stack.userPoolId());
            assertThat(stored.clientId()).isEqualTo(client);
            assertThat(stored.css()).isEqualTo(CSS);
            assertThat(stored.cssVersion()).isNotBlank();
            assertThat(stored.imageUrl()).isEqualTo(stack.issuer() + "/hosted/logo?client_id=" + client + "&v="
                    + stored.cssVersion());
            assertThat(stored.creationDate()).isNotNull();
            assertThat(stored.lastModifiedDate()).isEqualTo(stored.creationDate());

            // Read at the secondary at once: the forwarded answer waited for the item here.
            assertThat(get(atSecondary, client)).isEqualTo(stored);
            assertThat(get(primary, client)).isEqualTo(stored);
        }
    }

    @Test
    void aClientsOwnSettingBeatsThePoolDefaultWhichEveryOtherClientGets() {
        try (var primary = admin(stack.primary()); var atSecondary = admin(secondary())) {
            String own = newClient(primary);
            String other = newClient(primary);
            String ownCss = ".label-customizable { color: #0b7285; }";
            try {
                UICustomizationType pool = primary.setUICustomization(set("ALL", CSS, png())).uiCustomization();
                primary.setUICustomization(set(own, ownCss, null));
                Accounts.awaitReplicated(stack);

                for (CognitoIdentityProviderClient admin : List.of(primary, atSecondary)) {
                    UICustomizationType ownSetting = get(admin, own);
                    assertThat(ownSetting.clientId()).isEqualTo(own);
                    assertThat(ownSetting.css()).isEqualTo(ownCss);
                    // A client's own setting replaces the default whole: no logo from ALL.
                    assertThat(ownSetting.imageUrl()).isNull();
                    assertThat(get(admin, other)).isEqualTo(pool);
                    assertThat(admin.getUICustomization(b -> b.userPoolId(stack.userPoolId())).uiCustomization())
                            .isEqualTo(pool);
                }
            } finally {
                // The shared stack's other pages stay unbranded: an empty default adds nothing to them.
                primary.setUICustomization(b -> b.userPoolId(stack.userPoolId()).clientId("ALL"));
                Accounts.awaitReplicated(stack);
            }
        }
    }

    @Test
    void cssThatCouldLoadOrRunAnythingAndLogosThatAreNotPngOrJpegOfAtMost100KbAreRefused() {
        try (var primary = admin(stack.primary())) {
            String client = newClient(primary);
            for (String css : List.of(
                    ".banner-customizable { background-image: url(https://attacker.example/leak); }",
                    "@import url(https://attacker.example/x.css);",
                    ".banner-customizable { width: expression(alert(1)); }",
                    ".banner-customizable { color: red; } </style><script>alert(1)</script>")) {
                assertThatThrownBy(() -> primary.setUICustomization(set(client, css, null)))
                        .as(css).isInstanceOf(InvalidParameterException.class);
            }
            byte[] oversize = Arrays.copyOf(png(), 100 * 1024 + 1);
            List<byte[]> refusedLogos = List.of(oversize,
                    "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1),
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>".getBytes(StandardCharsets.UTF_8),
                    "<!DOCTYPE html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
            for (byte[] logo : refusedLogos) {
                assertThatThrownBy(() -> primary.setUICustomization(set(client, CSS, logo)))
                        .isInstanceOf(InvalidParameterException.class);
            }
            // Nothing refused was stored: the client still has no setting of its own.
            assertThat(get(primary, client).clientId()).isNotEqualTo(client);

            assertThatThrownBy(() -> primary.setUICustomization(set("nosuchclient1", CSS, null)))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> get(primary, "nosuchclient1")).isInstanceOf(ResourceNotFoundException.class);
            try (var unsigned = PoolUsers.client(stack.primary().endpoint(), stack.primary().name())) {
                assertThatThrownBy(() -> unsigned.setUICustomization(set(client, CSS, null)))
                        .isInstanceOfSatisfying(CognitoIdentityProviderException.class, e ->
                                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
            }
            assertThat(get(primary, client).clientId()).isNotEqualTo(client);
        }
    }

    @Test
    void twoSetsAtOnceAreBothAppliedOneAfterTheOtherAndTheLaterIsKept() throws Exception {
        try (var first = admin(stack.primary()); var second = admin(stack.primary())) {
            String client = newClient(first);
            long before = Long.parseLong(first.setUICustomization(set(client, CSS, null)).uiCustomization().cssVersion());
            String red = ".label-customizable { color: #c92a2a; }";
            String blue = ".label-customizable { color: #1864ab; }";
            var start = new CountDownLatch(1);
            var redSet = CompletableFuture.supplyAsync(() -> {
                await(start);
                return first.setUICustomization(set(client, red, null)).uiCustomization();
            });
            var blueSet = CompletableFuture.supplyAsync(() -> {
                await(start);
                return second.setUICustomization(set(client, blue, null)).uiCustomization();
            });
            start.countDown();
            UICustomizationType redStored = redSet.get(30, TimeUnit.SECONDS);
            UICustomizationType blueStored = blueSet.get(30, TimeUnit.SECONDS);

            // Each was stored at a version of its own: a write that lost the race read again and went one further.
            assertThat(List.of(Long.parseLong(redStored.cssVersion()), Long.parseLong(blueStored.cssVersion())))
                    .containsExactlyInAnyOrder(before + 1, before + 2);
            UICustomizationType later = Long.parseLong(redStored.cssVersion()) > Long.parseLong(blueStored.cssVersion())
                    ? redStored : blueStored;
            assertThat(get(first, client)).isEqualTo(later);
        }
    }

    @Test
    void theStylesheetAndLogoPathsServeOnlyWhatASettingHolds() throws Exception {
        String cssOnly;
        String bare;
        try (var primary = admin(stack.primary())) {
            cssOnly = newClient(primary);
            bare = newClient(primary);
            primary.setUICustomization(set(cssOnly, CSS, null));
        }
        var http = java.net.http.HttpClient.newHttpClient();
        for (String query : List.of("", "?client_id=", "?client_id=%3Cscript%3Ealert(1)%3C%2Fscript%3E&v=1",
                "?client_id=" + bare + "&v=1", "?client_id=nosuchclient1&v=1")) {
            for (String path : List.of("/hosted/ui.css", "/hosted/logo")) {
                var response = http.send(java.net.http.HttpRequest.newBuilder(stack.primary().endpoint().resolve(path + query))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path + query).isEqualTo(404);
                assertThat(response.body()).isEqualTo("Not found");
                assertThat(response.headers().firstValue("x-content-type-options")).contains("nosniff");
            }
        }
        var logo = http.send(java.net.http.HttpRequest.newBuilder(stack.primary().endpoint()
                .resolve("/hosted/logo?client_id=" + cssOnly + "&v=1")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(logo.statusCode()).isEqualTo(404);
        var css = http.send(java.net.http.HttpRequest.newBuilder(stack.primary().endpoint()
                .resolve("/hosted/ui.css?client_id=" + cssOnly + "&v=1")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("content-type")).contains("text/css; charset=utf-8");
        assertThat(css.body()).isEqualTo(CSS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
