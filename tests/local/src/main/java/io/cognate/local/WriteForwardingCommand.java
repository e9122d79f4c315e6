package io.cognate.local;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbPoolSettings;
import io.cognate.domain.CognitoException;
import io.cognate.domain.WriteFence;
import io.cognate.domain.pool.PoolAdministration;
import io.cognate.domain.pool.PoolSettings;
import io.cognate.domain.pool.PoolSettingsSource;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./cognate write-forwarding on|off|show}: whether a region that does not lead forwards
 * writes to the leader (on, the default) or refuses them as a read-only replica (off), in the
 * pool's replicated settings, writing the leading region's Directory directly as
 * {@code legacy-pool} does. Cognito has no operation for it.
 *
 * <pre>
 * ./cognate write-forwarding on|off|show TARGET
 * TARGET: --local [http://127.0.0.1:8080]                            (the running local stack's leading region)
 *       | --region R --env ENV --user-pool-id ID                    (a deployment's leading region)
 * </pre>
 *
 * On the local stack, {@code POST /_local/forwarding} does the same.
 */
public final class WriteForwardingCommand {
    private static final String USAGE = """
            usage: ./cognate write-forwarding on|off|show TARGET
            TARGET: --local [FRONT_DOOR_URL]                        the running local stack (default http://127.0.0.1:8080)
                  | --region REGION --env ENV --user-pool-id ID     a deployment's leading region
            """;

    private WriteForwardingCommand() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one command; 0 on success, 1 when refused, 2 on a usage error. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Deque<String> rest = new ArrayDeque<>(args);
        String action = rest.pollFirst();
        if (action == null || !List.of("on", "off", "show").contains(action)) {
            err.print(USAGE);
            return 2;
        }
        String userPoolId = null;
        var where = new CommandTarget.Flags();
        while (!rest.isEmpty()) {
            String arg = rest.pollFirst();
            if ("--user-pool-id".equals(arg)) {
                userPoolId = rest.pollFirst();
            } else if (!where.take(arg, rest)) {
                err.print(USAGE);
                return 2;
            }
        }
        if (!where.complete(false) || (!where.local() && userPoolId == null)) {
            err.print(USAGE);
            return 2;
        }
        if (where.local()) {
            userPoolId = where.localUserPoolId();
        }
        // No secret is sealed or opened here: the data key is not used.
        CommandTarget target = where.target();
        try (var clients = target.clients()) {
            var store = new DynamoDbPoolSettings(clients.dynamo(), target.directoryTable(), target.controlTable(),
                    target.region());
            Optional<PoolSettings> stored = store.find();
            if (stored.isEmpty()) {
                if (!"off".equals(action)) {
                    out.println("write forwarding on (the default: the pool has never stored its settings)");
                    return 0;
                }
                // Writing the settings for the first time here would fix every other one at a guess
                // (the deployment's MFA configuration among them): let UpdateUserPool write them first.
                err.println("the pool has never stored its settings: run UpdateUserPool once first");
                return 1;
            }
            if ("show".equals(action)) {
                out.println("write forwarding " + (stored.get().writeForwarding() ? "on" : "off"));
                return 0;
            }
            var fence = new WriteFence(target.region(), new DynamoDbLeaderRecords(clients.dynamo(), target.controlTable(),
                    Clock.systemUTC()));
            var administration = new PoolAdministration(userPoolId,
                    new PoolSettingsSource(store, stored.get(), Clock.systemUTC()), store, fence, Clock.systemUTC());
            PoolSettings written = administration.setWriteForwarding(userPoolId, "on".equals(action));
            out.println("write forwarding " + (written.writeForwarding() ? "on" : "off"));
            return 0;
        } catch (CognitoException e) {
            err.println(e.type() + ": " + e.getMessage());
            return 1;
        }
    }
}
