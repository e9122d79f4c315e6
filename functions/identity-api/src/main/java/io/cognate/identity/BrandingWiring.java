package io.cognate.identity;

import io.cognate.adapters.aws.DynamoDbUiCustomizations;
import io.cognate.config.CognateConfig;
import io.cognate.domain.WriteFence;
import io.cognate.domain.branding.UiCustomizations;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The hosted pages' branding of one region, built once: the UI customizations stored next to the
 * pool's settings in the Directory, and the service SetUICustomization, GetUICustomization and the
 * hosted pages use.
 */
final class BrandingWiring {
    private final UiCustomizations customizations;

    BrandingWiring(CognateConfig config, DynamoDbClient dynamo, WriteFence fence, UserDirectory directory, Clock clock) {
        this.customizations = new UiCustomizations(config.userPoolId(),
                new DynamoDbUiCustomizations(dynamo, config.directoryTable(), config.controlTable(), config.region()),
                clientId -> directory.findClient(clientId).isPresent(), fence, clock);
    }

    UiCustomizations customizations() {
        return customizations;
    }
}
