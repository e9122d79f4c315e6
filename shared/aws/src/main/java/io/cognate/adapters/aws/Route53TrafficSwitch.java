package io.cognate.adapters.aws;

import io.cognate.config.FailoverSettings;
import io.cognate.domain.failover.TrafficFlip;
import io.cognate.ports.Sleeper;
import io.cognate.ports.TrafficSwitch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Moves traffic by an UPSERT of the pool's record in its Route 53 hosted zone: a CNAME to the
 * region's API domain, or an alias A record when the region's target has an alias hosted zone id
 * (API Gateway regional domains). UPSERT is idempotent, so a repeated flip is harmless.
 * When a sync wait is configured, it polls GetChange until Route 53 reports INSYNC or the wait ends.
 */
public final class Route53TrafficSwitch implements TrafficSwitch {
    private static final Duration SYNC_POLL = Duration.ofMillis(500);

    private final Route53Client route53;
    private final FailoverSettings.Traffic settings;
    private final String recordName;
    private final Clock clock;
    private final Sleeper sleeper;

    public Route53TrafficSwitch(Route53Client route53, FailoverSettings.Traffic settings, Clock clock, Sleeper sleeper) {
        this.route53 = route53;
        this.settings = settings;
        this.recordName = absolute(settings.recordName());
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public TrafficFlip pointAt(String region) {
        String target = settings.recordTargets().get(region);
        if (target == null) {
            throw new IllegalStateException("no record target configured for region " + region);
        }
        ResourceRecordSet record = recordFor(region, target);
        ChangeInfo change = route53.changeResourceRecordSets(b -> b.hostedZoneId(settings.hostedZoneId())
                .changeBatch(batch -> batch.comment("Cognate: traffic to " + region)
                        .changes(Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(record).build())))
                .changeInfo();
        return new TrafficFlip(region, change.id(), awaitInSync(change));
    }

    private ResourceRecordSet recordFor(String region, String target) {
        String aliasZone = settings.aliasHostedZoneIds().get(region);
        var record = ResourceRecordSet.builder().name(recordName);
        if (aliasZone != null) {
            return record.type(RRType.A)
                    .aliasTarget(AliasTarget.builder().hostedZoneId(aliasZone).dnsName(target).evaluateTargetHealth(false).build())
                    .build();
        }
        return record.type(RRType.CNAME).ttl(settings.recordTtl().toSeconds())
                .resourceRecords(ResourceRecord.builder().value(target).build()).build();
    }

    private boolean awaitInSync(ChangeInfo change) {
        if (change.status() == ChangeStatus.INSYNC) {
            return true;
        }
        Instant deadline = clock.instant().plus(settings.dnsSyncWait());
        while (clock.instant().isBefore(deadline)) {
            sleeper.sleep(SYNC_POLL);
            if (route53.getChange(b -> b.id(change.id())).changeInfo().status() == ChangeStatus.INSYNC) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<String> current() {
        var response = route53.listResourceRecordSets(b -> b.hostedZoneId(settings.hostedZoneId())
                .startRecordName(recordName).maxItems("10"));
        for (ResourceRecordSet record : response.resourceRecordSets()) {
            if (!absolute(record.name()).equalsIgnoreCase(recordName)) {
                continue;
            }
            String value = record.aliasTarget() != null ? record.aliasTarget().dnsName()
                    : record.hasResourceRecords() && !record.resourceRecords().isEmpty() ? record.resourceRecords().getFirst().value() : null;
            if (value == null) {
                continue;
            }
            for (Map.Entry<String, String> target : settings.recordTargets().entrySet()) {
                if (absolute(target.getValue()).equalsIgnoreCase(absolute(value))) {
                    return Optional.of(target.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /** Route 53 answers names fully qualified, with the final dot. */
    static String absolute(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }
}
