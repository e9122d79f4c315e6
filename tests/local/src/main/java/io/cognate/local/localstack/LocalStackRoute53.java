package io.cognate.local.localstack;

import io.cognate.local.route53.RecordSet;
import io.cognate.local.route53.Route53Zones;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** The pool's hosted zone in LocalStack's Route 53, read with the real SDK client. */
public final class LocalStackRoute53 implements Route53Zones {
    private final LocalStackEndpoint endpoint;
    private final SdkHttpClient http = LocalStackEndpoint.httpClient();
    private final Route53Client route53;

    public LocalStackRoute53(LocalStackEndpoint endpoint) {
        this.endpoint = endpoint;
        this.route53 = endpoint.route53(http);
    }

    @Override
    public String createZone(String name) {
        // The SDK strips the /hostedzone/ prefix from ids it returns.
        return route53.createHostedZone(b -> b.name(name).callerReference(UUID.randomUUID().toString()))
                .hostedZone().id();
    }

    @Override
    public Optional<RecordSet> find(String zoneId, String name, String type) {
        String wanted = name.endsWith(".") ? name : name + ".";
        return route53.listResourceRecordSets(b -> b.hostedZoneId(zoneId).startRecordName(wanted).startRecordType(type))
                .resourceRecordSets().stream()
                .filter(set -> set.name().equalsIgnoreCase(wanted) && set.typeAsString().equals(type))
                .findFirst()
                .map(LocalStackRoute53::toRecordSet);
    }

    private static RecordSet toRecordSet(ResourceRecordSet set) {
        Optional<RecordSet.Alias> alias = Optional.ofNullable(set.aliasTarget())
                .map(a -> new RecordSet.Alias(a.hostedZoneId(), a.dnsName(), Boolean.TRUE.equals(a.evaluateTargetHealth())));
        return new RecordSet(set.name(), set.typeAsString(), Optional.ofNullable(set.ttl()),
                set.resourceRecords().stream().map(ResourceRecord::value).toList(), alias);
    }

    @Override
    public URI endpoint() {
        return endpoint.edge();
    }

    @Override
    public void close() {
        route53.close();
        http.close();
    }
}
