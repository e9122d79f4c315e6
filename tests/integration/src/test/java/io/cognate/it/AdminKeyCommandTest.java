package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.local.LocalCognate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code ./cognate admin-key} against the running local stack, as an operator runs it: a key it
 * creates signs Admin calls through the SDK, is listed, and once revoked signs nothing.
 */
@ExtendWith(AdminKeyCommandTest.Stack.class)
class AdminKeyCommandTest {
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    private static CommandRuns.Run command(String... args) throws Exception {
        return CommandRuns.run(io.cognate.local.AdminKeyCommand::run, args);
    }

    private static String field(String output, String name) {
        Matcher m = Pattern.compile("^" + name + "\\s+(\\S+)$", Pattern.MULTILINE).matcher(output);
        assertThat(m.find()).as(name + " in\n" + output).isTrue();
        return m.group(1);
    }

    @Test
    void aKeyMadeByTheCommandSignsAdminCallsUntilItIsRevoked() throws Exception {
        String frontDoor = stack.frontDoorEndpoint().toString();
        CommandRuns.Run created = command("create", "--description", "made by the command", "--local", frontDoor);
        assertThat(created.exit()).as(created.err()).isZero();
        String keyId = field(created.out(), "AccessKeyId");
        String secret = field(created.out(), "SecretAccessKey");
        assertThat(field(created.out(), "Policy")).isEqualTo("FULL");

        CommandRuns.Run listed = command("list", "--local", frontDoor);
        assertThat(listed.out()).contains(keyId).contains("made by the command").contains("Active");

        try (var admin = PoolUsers.adminClient(stack.frontDoorEndpoint(), stack.primary().name(), keyId, secret)) {
            assertThat(admin.listUsers(b -> b.userPoolId(stack.userPoolId()).limit(1)).sdkHttpResponse().isSuccessful()).isTrue();
        }

        assertThat(command("revoke", keyId, "--local", frontDoor).exit()).isZero();
        assertThat(command("revoke", keyId, "--local", frontDoor).exit()).isEqualTo(1);
        assertThat(command("list", "--local", frontDoor).out()).contains("Revoked");
        try (var admin = PoolUsers.adminClient(stack.frontDoorEndpoint(), stack.primary().name(), keyId, secret)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> admin.listUsers(b -> b.userPoolId(stack.userPoolId())))
                    .hasMessageContaining("The security token included in the request is invalid");
        }
    }

    @Test
    void aReadOnlyKeyIsMadeWithTheFlag() throws Exception {
        CommandRuns.Run created = command("create", "--read-only", "--local", stack.frontDoorEndpoint().toString());
        assertThat(field(created.out(), "Policy")).isEqualTo("READ_ONLY");
    }

    @Test
    void wrongArgumentsPrintTheUsage() throws Exception {
        assertThat(command().exit()).isEqualTo(2);
        assertThat(command("create").exit()).isEqualTo(2);
        assertThat(command("revoke", "--local").err()).contains("usage:");
    }
}
