package io.cognate.local;

import io.cognate.adapters.aws.ClaimsTableSeeding;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * {@code ./cognate seed-claims}: fills the Claims table of a deployment switched from
 * {@code ReplicationConsistency: EVENTUAL} to {@code STRONG} ({@link ClaimsTableSeeding}): the
 * leader record from the region's Control table, one committed claim per username in its
 * Directory. Run it once in the primary region after every region's stack is on STRONG; until
 * then the deployment refuses writes. Safe to run again.
 *
 * <pre>
 * ./cognate seed-claims --region R --env ENV
 * </pre>
 *
 * Not for the local stack: {@code ./cognate local --consistency strong} starts with its Claims
 * table already in step (the health-check initialises it and every sign-up claims its name).
 */
public final class SeedClaimsCommand {
    private static final String USAGE = """
            usage: ./cognate seed-claims --region REGION --env ENV
              Fills cognate-ENV-claims from REGION's cognate-ENV-control (the leader record) and
              cognate-ENV-directory (one claim per username), after a switch to ReplicationConsistency=STRONG.
            """;

    private SeedClaimsCommand() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one command; 0 when seeded with no name held by another user, 1 when some are, 2 on a usage error. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Deque<String> rest = new ArrayDeque<>(args);
        var where = new CommandTarget.Flags();
        while (!rest.isEmpty()) {
            String arg = rest.pollFirst();
            if (arg.equals("--local") || !where.take(arg, rest)) {
                err.print(USAGE);
                return 2;
            }
        }
        if (!where.complete(false)) {
            err.print(USAGE);
            return 2;
        }
        CommandTarget target = where.target();
        try (var clients = target.clients()) {
            var result = new ClaimsTableSeeding(clients.dynamo(), target.directoryTable(), target.controlTable(),
                    clients.dynamo(), where.deploymentTable("claims"), target.region(), Clock.systemUTC()).seed();
            out.println("leader record at epoch " + result.leaderEpoch() + (result.leaderWritten()
                    ? ": written to the Claims table" : ": the Claims table holds it or a later one"));
            out.println("username claims: " + result.claimsWritten() + " written, " + result.claimsPresent()
                    + " there already");
            if (!result.heldByAnother().isEmpty()) {
                out.println(result.heldByAnother().size() + " username(s) claimed by another user since the switch"
                        + " (two owners; see ./cognate conflicts): " + String.join(", ", result.heldByAnother()));
                return 1;
            }
            return 0;
        }
    }
}
