package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.Route53TrafficSwitch;
import io.cognate.config.FailoverSettings;
import io.cognate.domain.failover.TrafficFlip;
import io.cognate.local.LocalCredentials;
import io.cognate.local.route53.LocalRoute53;
import io.cognate.local.route53.RecordSet;
import io.cognate.ports.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** The Route 53 traffic switch, with the real SDK client, against the local Route 53 endpoint. */
class Route53TrafficSwitchWireTest {
    private static final String EAST = "d-east12345.execute-api.us-east-1.amazonaws.com";
    private static final String WEST = "d-west12345.execute-api.eu-west-1.amazonaws.com";
    private static LocalRoute53 local;
    private static Route53Client route53;

    @BeforeAll
    static void start() {
        local = new LocalRoute53(0, Clock.systemUTC()).start();
        route53 = Route53Client.builder()
                .endpointOverride(local.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(LocalCredentials.PROVIDER)
                .httpClient(AwsCrtHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        route53.close();
        local.close();
    }

    private static String newZone() {
        return route53.createHostedZone(b -> b.name("example" + UUID.randomUUID().toString().substring(0, 6) + ".com")
                .callerReference(UUID.randomUUID().toString())).hostedZone().id().replace("/hostedzone/", "");
    }

    private static FailoverSettings.Traffic cname(String zone, String name, Duration syncWait) {
        return new FailoverSettings.Traffic(FailoverSettings.TrafficSwitchKind.ROUTE53, zone, name, Duration.ofSeconds(30),
                Map.of("us-east-1", EAST, "eu-west-1", WEST), Map.of(), syncWait, Optional.empty(), List.of(), Map.of());
    }

    @Test
    void upsertsTheCnameAndReadsItBack() {
        String zone = newZone();
        String zoneName = route53.getHostedZone(b -> b.id(zone)).hostedZone().name();
        var traffic = new Route53TrafficSwitch(route53, cname(zone, "auth." + zoneName, Duration.ZERO), Clock.systemUTC(),
                Sleeper.system());
        assertThat(traffic.current()).isEmpty();

        TrafficFlip toEast = traffic.pointAt("us-east-1");
        assertThat(toEast.change()).matches("(/change/)?C[A-Z0-9]+");
        assertThat(toEast.inSync()).isFalse(); // no wait configured: the answer to a change is always PENDING
        assertThat(traffic.current()).contains("us-east-1");

        traffic.pointAt("eu-west-1");
        traffic.pointAt("eu-west-1"); // idempotent
        assertThat(traffic.current()).contains("eu-west-1");
        RecordSet record = local.find(zone, "auth." + zoneName, "CNAME").orElseThrow();
        assertThat(record.values()).containsExactly(WEST);
        assertThat(record.ttl()).contains(30L);

        var listed = route53.listResourceRecordSets(b -> b.hostedZoneId(zone)).resourceRecordSets();
        assertThat(listed).extracting(ResourceRecordSet::typeAsString).containsExactly("NS", "SOA", "CNAME");
    }

    @Test
    void waitsForTheChangeToBeInSyncWhenAsked() {
        String zone = newZone();
        String zoneName = route53.getHostedZone(b -> b.id(zone)).hostedZone().name();
        var traffic = new Route53TrafficSwitch(route53, cname(zone, "login." + zoneName, Duration.ofSeconds(5)),
                Clock.systemUTC(), Sleeper.system());
        TrafficFlip flip = traffic.pointAt("us-east-1");
        assertThat(flip.inSync()).isTrue();
        assertThat(route53.getChange(b -> b.id(flip.change())).changeInfo().status()).isEqualTo(ChangeStatus.INSYNC);
    }

    @Test
    void writesAnAliasRecordForApiGatewayDomains() {
        String zone = newZone();
        String zoneName = route53.getHostedZone(b -> b.id(zone)).hostedZone().name();
        var settings = new FailoverSettings.Traffic(FailoverSettings.TrafficSwitchKind.ROUTE53, zone, "id." + zoneName,
                Duration.ofSeconds(60), Map.of("us-east-1", EAST, "eu-west-1", WEST),
                Map.of("us-east-1", "Z1UJRXOUMOOFQ8", "eu-west-1", "ZLY8HYME6SFDD"), Duration.ZERO, Optional.empty(),
                List.of(), Map.of());
        var traffic = new Route53TrafficSwitch(route53, settings, Clock.systemUTC(), Sleeper.system());
        traffic.pointAt("eu-west-1");
        RecordSet record = local.find(zone, "id." + zoneName, "A").orElseThrow();
        assertThat(record.alias()).hasValueSatisfying(alias -> {
            assertThat(alias.hostedZoneId()).isEqualTo("ZLY8HYME6SFDD");
            assertThat(alias.dnsName()).isEqualTo(WEST + ".");
        });
        assertThat(traffic.current()).contains("eu-west-1");
    }

    @Test
    void route53ErrorsReachTheCallerAsTheSdksExceptions() {
        var traffic = new Route53TrafficSwitch(route53, cname("ZNOSUCHZONE", "auth.example.com", Duration.ZERO),
                Clock.systemUTC(), Sleeper.system());
        assertThatThrownBy(() -> traffic.pointAt("us-east-1")).isInstanceOf(NoSuchHostedZoneException.class);

        String zone = newZone();
        String zoneName = route53.getHostedZone(b -> b.id(zone)).hostedZone().name();
        ResourceRecordSet record = ResourceRecordSet.builder().name("www." + zoneName).type(RRType.CNAME).ttl(60L)
                .resourceRecords(ResourceRecord.builder().value(EAST).build()).build();
        Change create = Change.builder().action(ChangeAction.CREATE).resourceRecordSet(record).build();
        route53.changeResourceRecordSets(b -> b.hostedZoneId(zone).changeBatch(c -> c.changes(create)));
        assertThatThrownBy(() -> route53.changeResourceRecordSets(b -> b.hostedZoneId(zone).changeBatch(c -> c.changes(create))))
                .isInstanceOf(InvalidChangeBatchException.class);
        Change outsideTheZone = Change.builder().action(ChangeAction.UPSERT)
                .resourceRecordSet(record.toBuilder().name("www.elsewhere.org").build()).build();
        assertThatThrownBy(() -> route53.changeResourceRecordSets(b -> b.hostedZoneId(zone).changeBatch(c -> c.changes(outsideTheZone))))
                .isInstanceOf(InvalidChangeBatchException.class);
        assertThatThrownBy(() -> new Route53TrafficSwitch(route53, cname(zone, "www." + zoneName, Duration.ZERO),
                Clock.systemUTC(), Sleeper.system()).pointAt("ap-south-1")).isInstanceOf(IllegalStateException.class);
    }
}
