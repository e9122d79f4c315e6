package io.cognate.local;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbPoolSettings;
import io.cognate.adapters.aws.KmsSecretEnvelopes;
import io.cognate.domain.CognitoException;
import io.cognate.domain.WriteFence;
import io.cognate.domain.migration.LegacyPoolSetting;
import io.cognate.domain.migration.UserMigration;
import io.cognate.domain.pool.PoolAdministration;
import io.cognate.domain.pool.PoolSettings;
import io.cognate.domain.pool.PoolSettingsSource;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./cognate legacy-pool set|clear|show}: names (or stops naming) the live Cognito pool users
 * are moved in from at their first sign-in (lazy migration), in the pool's replicated settings,
 * writing one region's Directory directly as {@code admin-key} does. Run it against the leading
 * region; the setting replicates. The client secret, if any, is read from a file (never from the
 * command line, where it would sit in the shell's history and the process list) and stored sealed
 * under the data key.
 *
 * <pre>
 * ./cognate legacy-pool set --legacy-region R --legacy-pool-id ID --legacy-client-id ID
 *                           [--legacy-client-secret-file FILE] [--legacy-endpoint URL] [--keep-sub] TARGET
 * ./cognate legacy-pool clear TARGET
 * ./cognate legacy-pool show TARGET
 * TARGET: --local [http://127.0.0.1:8080]                            (the running local stack's leading region)
 *       | --region R --env ENV --data-key-id ID --user-pool-id ID   (a deployment's leading region)
 * </pre>
 *
 * On the local stack, {@code POST /_local/migration} does the same and more (a key to sign with).
 */
public final class LegacyPoolCommand {
    private static final String USAGE = """
            usage: ./cognate legacy-pool set --legacy-region R --legacy-pool-id ID --legacy-client-id ID
                                             [--legacy-client-secret-file FILE] [--legacy-endpoint URL] [--keep-sub] TARGET
                   ./cognate legacy-pool clear TARGET
                   ./cognate legacy-pool show TARGET
            TARGET: --local [FRONT_DOOR_URL]                                   the running local stack (default http://127.0.0.1:8080)
                  | --region REGION --env ENV --data-key-id ID --user-pool-id ID   a deployment's leading region
            """;

    private LegacyPoolCommand() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one command; 0 on success, 1 when refused, 2 on a usage error. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Deque<String> rest = new ArrayDeque<>(args);
        String action = rest.pollFirst();
        if (action == null || !List.of("set", "clear", "show").contains(action)) {
            err.print(USAGE);
            return 2;
        }
        String legacyRegion = null;
        String legacyPoolId = null;
        String legacyClientId = null;
        Path secretFile = null;
        String legacyEndpoint = null;
        boolean keepSub = false;
        String userPoolId = null;
        var where = new CommandTarget.Flags();
        while (!rest.isEmpty()) {
            String arg = rest.pollFirst();
            switch (arg) {
                case "--legacy-region" -> legacyRegion = rest.pollFirst();
                case "--legacy-pool-id" -> legacyPoolId = rest.pollFirst();
                case "--legacy-client-id" -> legacyClientId = rest.pollFirst();
                case "--legacy-client-secret-file" -> secretFile = Optional.ofNullable(rest.pollFirst()).map(Path::of)
                        .orElse(null);
                case "--legacy-endpoint" -> legacyEndpoint = rest.pollFirst();
                case "--keep-sub" -> keepSub = true;
                case "--user-pool-id" -> userPoolId = rest.pollFirst();
                default -> {
                    if (!where.take(arg, rest)) {
                        err.print(USAGE);
                        return 2;
                    }
                }
            }
        }
        boolean setting = legacyRegion != null && legacyPoolId != null && legacyClientId != null;
        if (!where.complete(true) || (!where.local() && userPoolId == null) || "set".equals(action) != setting) {
            err.print(USAGE);
            return 2;
        }
        if (where.local()) {
            userPoolId = where.localUserPoolId();
        }
        CommandTarget target = where.target();
        try (var clients = target.clients()) {
            var store = new DynamoDbPoolSettings(clients.dynamo(), target.directoryTable(), target.controlTable(),
                    target.region());
            Optional<PoolSettings> stored = store.find();
            if (stored.isEmpty()) {
                // Writing the settings for the first time here would fix every other one at a guess
                // (the deployment's MFA configuration among them): let UpdateUserPool write them first.
                err.println("the pool has never stored its settings: run UpdateUserPool once first");
                return 1;
            }
            if ("show".equals(action)) {
                out.println(stored.get().legacyPool().map(Object::toString).orElse("no legacy pool"));
                return 0;
            }
            var fence = new WriteFence(target.region(), new DynamoDbLeaderRecords(clients.dynamo(), target.controlTable(),
                    Clock.systemUTC()));
            var administration = new PoolAdministration(userPoolId,
                    new PoolSettingsSource(store, stored.get(), Clock.systemUTC()), store, fence, Clock.systemUTC());
            Optional<LegacyPoolSetting> legacy = Optional.empty();
            if (setting) {
                Optional<String> sealed = Optional.empty();
                if (secretFile != null) {
                    String secret = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
                    var envelopes = new KmsSecretEnvelopes(clients.kms(), target.dataKeyId(), new SecureRandom());
                    sealed = Optional.of(UserMigration.sealClientSecret(envelopes, userPoolId, secret));
                }
                legacy = Optional.of(new LegacyPoolSetting(legacyRegion, legacyPoolId, legacyClientId, sealed,
                        Optional.ofNullable(legacyEndpoint).map(URI::create), keepSub));
            }
            PoolSettings written = administration.setLegacyPool(userPoolId, legacy);
            out.println(written.legacyPool().map(l -> "users are moved in from " + l).orElse("no legacy pool"));
            return 0;
        } catch (CognitoException e) {
            err.println(e.type() + ": " + e.getMessage());
            return 1;
        }
    }
}
