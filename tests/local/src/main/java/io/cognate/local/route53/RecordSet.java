package io.cognate.local.route53;

import java.util.List;
import java.util.Optional;

/** One resource record set: plain values with a TTL, or an alias to another name. */
public record RecordSet(String name, String type, Optional<Long> ttl, List<String> values, Optional<Alias> alias) {

    public record Alias(String hostedZoneId, String dnsName, boolean evaluateTargetHealth) {
    }

    public RecordSet {
        values = List.copyOf(values);
    }

    /** Where the record sends a resolver: the alias target, else the first value. */
    public Optional<String> target() {
        return alias.map(Alias::dnsName).or(() -> values.stream().findFirst());
    }
}
