package io.cognate.health;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.adapters.aws.RegionServices;
import io.cognate.domain.LeaderRecord;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Deep health of one region: the Control table answers a consistent read of the leader
 * record, and KMS answers for the signing key. The region's role follows from the record.
 */
final class RegionHealth {
    private final RegionServices services;
    private final Clock clock;

    RegionHealth(RegionServices services) {
        this.services = services;
        this.clock = services.clock();
    }

    record Check(boolean ok, long millis, String detail) {
    }

    record Report(String region, String role, long epoch, Map<String, Check> checks) {
        boolean healthy() {
            return checks.values().stream().allMatch(Check::ok);
        }

        String toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("status", healthy() ? "ok" : "unhealthy");
            node.put("region", region);
            node.put("role", role);
            node.put("epoch", epoch);
            ObjectNode checksNode = node.putObject("checks");
            checks.forEach((name, check) -> {
                ObjectNode c = checksNode.putObject(name);
                c.put("ok", check.ok());
                c.put("ms", check.millis());
                if (check.detail() != null) {
                    c.put("detail", check.detail());
                }
            });
            return node.toString();
        }
    }

    Report check() {
        var checks = new LinkedHashMap<String, Check>();
        AtomicReference<Optional<LeaderRecord>> leader = new AtomicReference<>(Optional.empty());
        checks.put("dynamodb", timed(() -> {
            leader.set(services.leaders().current());
            return leader.get().isPresent() ? null : "no leader record";
        }));
        checks.put("kms", timed(() -> {
            services.clients().kms().describeKey(b -> b.keyId(services.config().signingKeyId()));
            return null;
        }));
        String region = services.config().region();
        String role = leader.get().map(l -> l.isLeader(region) ? "primary" : "secondary").orElse("unknown");
        long epoch = leader.get().map(LeaderRecord::epoch).orElse(0L);
        return new Report(region, role, epoch, checks);
    }

    /** Runs one probe; a returned string is a failure detail, an exception a failure. */
    private Check timed(Supplier<String> probe) {
        long start = clock.millis();
        try {
            String problem = probe.get();
            return new Check(problem == null, clock.millis() - start, problem);
        } catch (RuntimeException e) {
            return new Check(false, clock.millis() - start, e.getClass().getSimpleName());
        }
    }
}
