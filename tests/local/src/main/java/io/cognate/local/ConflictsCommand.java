package io.cognate.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cognate.adapters.aws.DynamoDbConflictRecords;
import io.cognate.domain.conflicts.ItemImage;
import io.cognate.domain.conflicts.ReplicationConflict;
import io.cognate.local.conflicts.LocalConflicts;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * {@code ./cognate conflicts}: the replication conflicts recorded in one region's Control table,
 * newest first, each with the copy kept, the copy set aside (attributes without secrets) and how
 * it was resolved. Read-only.
 *
 * <pre>
 * ./cognate conflicts [--json] [--limit N] TARGET
 * TARGET: --local [http://127.0.0.1:8080]      (the running local stack's leading region)
 *       | --region R --env ENV                 (a deployment's region)
 * </pre>
 *
 * On the local stack, {@code GET /_local/conflicts} answers the same records as JSON, from every region.
 */
public final class ConflictsCommand {
    private static final String USAGE = """
            usage: ./cognate conflicts [--json] [--limit N] TARGET
            TARGET: --local [FRONT_DOOR_URL]      the running local stack (default http://127.0.0.1:8080)
                  | --region REGION --env ENV     a deployment's region
            """;
    /** Enough for an incident's worth; the records stay in the table for more. */
    private static final int DEFAULT_LIMIT = 50;

    private ConflictsCommand() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one command; 0 on success, 2 on a usage error. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Deque<String> rest = new ArrayDeque<>(args);
        var where = new CommandTarget.Flags();
        boolean json = false;
        int limit = DEFAULT_LIMIT;
        while (!rest.isEmpty()) {
            String arg = rest.pollFirst();
            switch (arg) {
                case "--json" -> json = true;
                case "--limit" -> {
                    try {
                        limit = Integer.parseInt(String.valueOf(rest.pollFirst()));
                    } catch (NumberFormatException e) {
                        limit = -1;
                    }
                    if (limit < 1) {
                        err.print(USAGE);
                        return 2;
                    }
                }
                default -> {
                    if (!where.take(arg, rest)) {
                        err.print(USAGE);
                        return 2;
                    }
                }
            }
        }
        if (!where.complete(false)) {
            err.print(USAGE);
            return 2;
        }
        CommandTarget target = where.target();
        try (var clients = target.clients()) {
            List<ReplicationConflict> conflicts = new DynamoDbConflictRecords(clients.dynamo(), target.controlTable())
                    .recent(limit);
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(conflicts.stream().map(LocalConflicts::json).toList()));
                return 0;
            }
            if (conflicts.isEmpty()) {
                out.println("no replication conflicts recorded in " + target.region());
                return 0;
            }
            for (ReplicationConflict conflict : conflicts) {
                out.println(conflict.detectedAt() + "  " + conflict.kind() + "  " + conflict.pk() + " / " + conflict.sk()
                        + "  (found in " + conflict.detectedIn() + ", id " + conflict.id() + ")");
                out.println("  kept:       " + describe(conflict.winner()));
                out.println("  set aside:  " + describe(conflict.loser()));
                out.println("  " + conflict.status() + (conflict.resolution().isEmpty() ? "" : ": " + conflict.resolution()));
            }
            return 0;
        }
    }

    private static String describe(ItemImage image) {
        return image.writtenBy() + "  " + image.shown();
    }
}
