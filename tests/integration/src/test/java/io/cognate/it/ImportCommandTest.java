package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.bench.srp.CognitoSrpClient;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * {@code ./cognate import} against the running local stack: one user in each legacy hash format
 * (each hash a published test vector, so its password is known independently of this code) is
 * imported from JSON lines and from Cognito's CSV format; bad lines are reported without their
 * hash; a second run skips everyone; each user signs in at the primary with the old password, which
 * replaces the hash with Argon2id and makes the SRP verifier, and then signs in with SRP at the
 * secondary once that write has replicated.
 */
@ExtendWith(ImportCommandTest.Stack.class)
class ImportCommandTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    private static CommandRuns.Run command(String... args) throws Exception {
        return CommandRuns.run(io.cognate.local.ImportCommand::run, args);
    }

    /** Published vectors: hash, then the password it was made from. */
    private static final Map<String, String[]> VECTORS = new LinkedHashMap<>();

    static {
        VECTORS.put("bcrypt", new String[] {"$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "U*U"});
        VECTORS.put("pbkdf2", new String[] {"pbkdf2_sha256$10000$seasalt$CWWFdHOWwPnki7HvkcqN9iA2T3KLW1cf2uZ5kvArtVY=",
                "lètmein"});
        VECTORS.put("scrypt", new String[] {
                "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E", "password"});
        VECTORS.put("firebase", new String[] {"$firebase-scrypt$r=8,m=14$Bw==$"
                + "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==$42xEC+ixf3L2lw==$"
                + "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==",
                "user1password"});
        VECTORS.put("argon2id", new String[] {
                "$argon2id$v=19$m=16,t=2,p=1$UmtRRmdBRU53QlptNk8ycw$UyyArpJ8yasrc93GImQjFQ", "password"});
    }

    private static AuthenticationResultType passwordSignIn(CognitoIdentityProviderClient cognito, String username,
                                                           String password) {
        return cognito.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password))).authenticationResult();
    }

    private static AuthenticationResultType srpSignIn(CognitoIdentityProviderClient cognito, String username,
                                                      String password) {
        var client = new CognitoSrpClient(stack.userPoolId(), RANDOM);
        var challenge = cognito.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_SRP_AUTH)
                .authParameters(Map.of("USERNAME", username, "SRP_A", client.srpA())));
        Map<String, String> asked = challenge.challengeParameters();
        String userId = asked.get("USER_ID_FOR_SRP");
        String timestamp = CognitoSrpClient.timestamp(Instant.now());
        Map<String, String> responses = new HashMap<>(Map.of("USERNAME", userId,
                "PASSWORD_CLAIM_SECRET_BLOCK", asked.get("SECRET_BLOCK"), "TIMESTAMP", timestamp,
                "PASSWORD_CLAIM_SIGNATURE", client.signature(userId, password, asked.get("SALT"), asked.get("SRP_B"),
                        asked.get("SECRET_BLOCK"), timestamp)));
        return cognito.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).challengeResponses(responses)).authenticationResult();
    }

    @Test
    void usersOfEveryFormatAreImportedOnceSignInWithTheOldPasswordAndAreRehashed(@TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path file = dir.resolve("users.jsonl");
        StringBuilder lines = new StringBuilder();
        for (var vector : VECTORS.entrySet()) {
            lines.append("{\"username\":\"import-").append(vector.getKey()).append('-').append(run)
                    .append("\",\"passwordHash\":\"").append(vector.getValue()[0].replace("\\", "\\\\"))
                    .append("\",\"attributes\":{\"email\":\"").append(vector.getKey()).append('-').append(run)
                    .append("@example.com\",\"email_verified\":\"true\"}}\n");
        }
        lines.append("{not json\n");
        lines.append("{\"username\":\"import-md5-").append(run).append("\",\"passwordHash\":\"$1$saltsalt$secretmd5\"}\n");
        lines.append("{\"username\":\"bad name ").append(run).append("\",\"passwordHash\":\"")
                .append(VECTORS.get("bcrypt")[0]).append("\"}\n");
        Files.writeString(file, lines.toString());
        String frontDoor = stack.frontDoorEndpoint().toString();

        CommandRuns.Run first = command(file.toString(), "--local", frontDoor);

        assertThat(first.exit()).as(first.err()).isEqualTo(1);
        assertThat(first.out()).contains("5 imported, 0 skipped (already there), 3 rejected");
        assertThat(first.err()).contains("8/8");
        List<String> rejects = Files.readAllLines(dir.resolve("users.jsonl.rejects"));
        assertThat(rejects).hasSize(3);
        assertThat(String.join("\n", rejects)).contains("\"line\":6", "not valid JSON", "\"line\":7",
                "password hash in no supported format", "\"line\":8", "username not valid")
                .doesNotContain("secretmd5", "$2a$");

        CommandRuns.Run second = command(file.toString(), "--local", frontDoor);
        assertThat(second.out()).contains("0 imported, 5 skipped (already there), 3 rejected");

        LocalRegion primary = stack.primary();
        LocalRegion secondary = stack.regions().stream().filter(r -> !r.name().equals(primary.name())).findFirst()
                .orElseThrow();
        try (var atPrimary = TwoRegionStoryTest.cognito(primary)) {
            for (var vector : VECTORS.entrySet()) {
                String username = "import-" + vector.getKey() + "-" + run;
                String password = vector.getValue()[1];
                // No verifier yet: SRP cannot sign the user in before a password sign-in has been seen.
                assertThatThrownBy(() -> srpSignIn(atPrimary, username, password)).as(vector.getKey())
                        .isInstanceOf(NotAuthorizedException.class);
                assertThatThrownBy(() -> passwordSignIn(atPrimary, username, password + "x")).as(vector.getKey())
                        .isInstanceOf(NotAuthorizedException.class);
                assertThat(passwordSignIn(atPrimary, username, password).idToken()).as(vector.getKey()).isNotEmpty();
            }
        }
        Accounts.awaitReplicated(stack);
        try (var atSecondary = TwoRegionStoryTest.cognito(secondary)) {
            for (var vector : VECTORS.entrySet()) {
                String username = "import-" + vector.getKey() + "-" + run;
                // The rehash made the SRP verifier at the primary, and it replicated.
                assertThat(srpSignIn(atSecondary, username, vector.getValue()[1]).idToken()).as(vector.getKey())
                        .isNotEmpty();
                assertThat(passwordSignIn(atSecondary, username, vector.getValue()[1]).idToken()).as(vector.getKey())
                        .isNotEmpty();
            }
        }
    }

    @Test
    void cognitosCsvFormatWithAHashColumnIsRead(@TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path file = dir.resolve("users.csv");
        Files.writeString(file, "name,given_name,family_name,email,email_verified,phone_number,phone_number_verified,"
                + "cognito:mfa_enabled,cognito:username,cognate:password_hash\n"
                + "\"Doe, Jane\",Jane,Doe,jane-" + run + "@example.com,true,,false,false,csv-jane-" + run + ","
                + VECTORS.get("bcrypt")[0] + "\n");

        CommandRuns.Run imported = command(file.toString(), "--local", stack.frontDoorEndpoint().toString());

        assertThat(imported.exit()).as(imported.err() + imported.out()).isZero();
        assertThat(imported.out()).contains("1 imported");
        try (var atPrimary = TwoRegionStoryTest.cognito(stack.primary())) {
            assertThat(passwordSignIn(atPrimary, "csv-jane-" + run, "U*U").idToken()).isNotEmpty();
            var user = atPrimary.getUser(b -> b.accessToken(passwordSignIn(atPrimary, "csv-jane-" + run, "U*U").accessToken()));
            assertThat(user.userAttributes()).anySatisfy(a -> {
                assertThat(a.name()).isEqualTo("name");
                assertThat(a.value()).isEqualTo("Doe, Jane");
            });
        }
    }

    @Test
    void wrongArgumentsPrintTheUsage() throws Exception {
        assertThat(command().exit()).isEqualTo(2);
        assertThat(command("users.jsonl").err()).contains("usage:");
    }
}
