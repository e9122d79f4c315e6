package io.cognate.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official JavaScript Encryption SDK ({@code @aws-crypto/client-node}, Apache-2.0), run by
 * {@code node} from {@code src/test/resources/esdk-decrypt}: an implementation of the message format
 * independent of Cognate's, configured as Cognito's documentation configures a custom sender. Its
 * packages are not in the repository: the first run installs them from the lockfile with
 * {@code npm ci} into the copy under {@code target/test-classes} (about 30 MB, 10 s; later runs
 * reuse them, and npm's cache serves a reinstall offline). Tests that use it are skipped, saying
 * why, only where {@code node} and {@code npm} are not installed.
 */
final class JavaScriptEncryptionSdk {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path directory;

    private JavaScriptEncryptionSdk() {
    }

    /** The SDK's answer to one request (see decrypt.js); throws with its error when it fails. */
    static synchronized JsonNode run(ObjectNode request) {
        Path dir = installed();
        try {
            Process node = new ProcessBuilder("node", "decrypt.js").directory(dir.toFile()).start();
            node.getOutputStream().write(JSON.writeValueAsBytes(request));
            node.getOutputStream().close();
            byte[] out = node.getInputStream().readAllBytes();
            byte[] err = node.getErrorStream().readAllBytes();
            if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new AssertionError("the JavaScript Encryption SDK failed: " + new String(err, StandardCharsets.UTF_8));
            }
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static ObjectNode kmsKeyring(String keyArn, String region, String endpoint) {
        return JSON.createObjectNode().put("type", "kms").put("keyArn", keyArn).put("region", region)
                .put("endpoint", endpoint);
    }

    static ObjectNode rawAesKeyring(String namespace, String name, byte[] wrappingKey) {
        return JSON.createObjectNode().put("type", "raw-aes").put("keyNamespace", namespace).put("keyName", name)
                .put("wrappingKey", java.util.Base64.getEncoder().encodeToString(wrappingKey));
    }

    static JsonNode decrypt(String base64Message, ObjectNode keyring) {
        ObjectNode request = JSON.createObjectNode().put("operation", "decrypt").put("message", base64Message);
        request.set("keyring", keyring);
        return run(request);
    }

    private static Path installed() {
        if (directory != null) {
            return directory;
        }
        assumeTrue(runs(List.of("node", "--version")) && runs(List.of("npm", "--version")),
                "node and npm are not installed: the independent Encryption SDK check needs them");
        Path dir;
        try {
            dir = Path.of(JavaScriptEncryptionSdk.class.getResource("/esdk-decrypt/decrypt.js").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
        if (!Files.isDirectory(dir.resolve("node_modules/@aws-crypto/client-node"))) {
            List<String> install = List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund");
            if (!runsIn(install, dir)) {
                throw new AssertionError("npm ci of " + dir + " failed (the first run needs the npm registry)");
            }
        }
        directory = dir;
        return dir;
    }

    private static boolean runs(List<String> command) {
        return runsIn(command, Path.of("."));
    }

    private static boolean runsIn(List<String> command, Path dir) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(300, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException notInstalled) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
