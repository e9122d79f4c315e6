package io.cognate.local;

import io.cognate.adapters.aws.DynamoDbAdminKeys;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.KmsSecretEnvelopes;
import io.cognate.domain.CognitoException;
import io.cognate.domain.WriteFence;
import io.cognate.domain.admin.AdminKey;
import io.cognate.domain.admin.AdminKeyIssuance;
import io.cognate.domain.admin.AdminKeyPolicy;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./cognate admin-key create|list|revoke}: issues, lists and revokes the admin access keys
 * that sign Admin and management calls, talking to one region's Directory and Control tables
 * and data key directly, so it works before any key exists (the deployment's first key is made
 * this way). Writes are fenced like every Directory write: run them against the leading region.
 *
 * <pre>
 * ./cognate admin-key create [--read-only] [--description TEXT] TARGET
 * ./cognate admin-key list TARGET
 * ./cognate admin-key revoke KEY_ID TARGET
 * TARGET: --local [http://127.0.0.1:8080]           (the running local stack's primary)
 *       | --region R --env ENV --data-key-id ID      (a deployment: tables cognate-ENV-directory/-control)
 * </pre>
 */
public final class AdminKeyCommand {
    private static final String USAGE = """
            usage: ./cognate admin-key create [--read-only] [--description TEXT] TARGET
                   ./cognate admin-key list TARGET
                   ./cognate admin-key revoke KEY_ID TARGET
            TARGET: --local [FRONT_DOOR_URL]                    the running local stack (default http://127.0.0.1:8080)
                  | --region REGION --env ENV --data-key-id ID  a deployment's leading region
            """;

    private AdminKeyCommand() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one command; 0 on success, 1 when refused, 2 on a usage error. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Deque<String> rest = new ArrayDeque<>(args);
        String action = rest.pollFirst();
        if (action == null || !List.of("create", "list", "revoke").contains(action)) {
            err.print(USAGE);
            return 2;
        }
        AdminKeyPolicy policy = AdminKeyPolicy.FULL;
        String description = "";
        String keyId = null;
        var where = new CommandTarget.Flags();
        while (!rest.isEmpty()) {
            String arg = rest.pollFirst();
            switch (arg) {
                case "--read-only" -> policy = AdminKeyPolicy.READ_ONLY;
                case "--description" -> description = Optional.ofNullable(rest.pollFirst()).orElse("");
                default -> {
                    if (where.take(arg, rest)) {
                        continue;
                    }
                    if (arg.startsWith("--") || keyId != null) {
                        err.print(USAGE);
                        return 2;
                    }
                    keyId = arg;
                }
            }
        }
        if (!where.complete(true) || ("revoke".equals(action) != (keyId != null))) {
            err.print(USAGE);
            return 2;
        }
        CommandTarget target = where.target();
        try (var clients = target.clients()) {
            var issuance = issuance(clients);
            switch (action) {
                case "create" -> {
                    var issued = issuance.create(policy, description);
                    out.println("AccessKeyId      " + issued.key().keyId());
                    out.println("SecretAccessKey  " + issued.secretAccessKey());
                    out.println("Policy           " + issued.key().policy());
                    out.println("The secret is shown once and stored only sealed; keep it now, e.g.:");
                    out.println("  aws configure set aws_access_key_id " + issued.key().keyId() + " --profile cognate-admin");
                    out.println("  aws configure set aws_secret_access_key <SecretAccessKey> --profile cognate-admin");
                }
                case "list" -> {
                    out.printf("%-22s %-10s %-8s %-26s %s%n", "AccessKeyId", "Policy", "Status", "Created", "Description");
                    for (AdminKey key : issuance.list()) {
                        out.printf("%-22s %-10s %-8s %-26s %s%n", key.keyId(), key.policy(),
                                key.active() ? "Active" : "Revoked", key.createdAt(), key.description());
                    }
                }
                default -> {
                    if (!issuance.revoke(keyId)) {
                        err.println("no active key " + keyId);
                        return 1;
                    }
                    out.println("revoked " + keyId);
                }
            }
            return 0;
        } catch (CognitoException e) {
            err.println(e.type() + ": " + e.getMessage());
            return 1;
        }
    }

    private static AdminKeyIssuance issuance(CommandTarget.Clients clients) {
        var random = new SecureRandom();
        CommandTarget target = clients.target();
        var leaders = new DynamoDbLeaderRecords(clients.dynamo(), target.controlTable(), Clock.systemUTC());
        return new AdminKeyIssuance(
                new DynamoDbAdminKeys(clients.dynamo(), target.directoryTable(), target.controlTable(), target.region()),
                new KmsSecretEnvelopes(clients.kms(), target.dataKeyId(), random),
                new WriteFence(target.region(), leaders), random, Clock.systemUTC());
    }
}
