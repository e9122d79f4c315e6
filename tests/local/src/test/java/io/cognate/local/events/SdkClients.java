package io.cognate.local.events;

import io.cognate.local.LocalCredentials;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** The real AWS SDK client, pointed at the local endpoint the way the local runtime configures it. */
final class SdkClients {

    private SdkClients() {
    }

    static EventBridgeClient eventBridge(LocalEventBridge bus, String region) {
        return EventBridgeClient.builder()
                .endpointOverride(bus.endpoint())
                .region(Region.of(region))
                .credentialsProvider(LocalCredentials.PROVIDER)
                .httpClientBuilder(AwsCrtHttpClient.builder()) // the SDK closes a client it built itself
                .build();
    }
}
