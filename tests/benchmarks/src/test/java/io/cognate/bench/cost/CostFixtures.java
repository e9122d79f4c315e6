package io.cognate.bench.cost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The made-up usage, prices and template under src/test/resources/cost. */
final class CostFixtures {
    private CostFixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(CostFixtures.class.getResource("/cost/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static PriceList prices() {
        try {
            return PriceList.load(resource("prices.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DeploymentFacts deployment() {
        try {
            return DeploymentFacts.read(resource("template.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, OperationUsage> usage() {
        Map<String, OperationUsage> usage = new LinkedHashMap<>();
        try {
            for (String scenario : CognateBill.SCENARIOS) {
                usage.put(scenario, UsageFiles.load(resource("usage"), scenario));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return usage;
    }
}
