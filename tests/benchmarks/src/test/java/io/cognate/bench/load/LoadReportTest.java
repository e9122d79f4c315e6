package io.cognate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The report's JSON shape: the field names the cost model reads (docs/cost/*.json). */
class LoadReportTest {

    private static LoadReport report(Optional<ResourceUse> use) {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = (i + 1) * 1_000_000L; // 1..100 ms
        }
        return new LoadReport("signin", 2, 10.0, 100, sorted, Map.of("NotAuthorizedException", 3L), use,
                40.0, 97.0, "1.00 2.00 3.00");
    }

    @Test
    void theJsonHoldsEveryFieldTheCostModelReads() throws Exception {
        JsonNode json = LoadTarget.JSON.valueToTree(report(Optional.of(
                new ResourceUse(ResourceUseTest.before(), ResourceUseTest.after(), 10))).toJson());
        assertThat(json.path("scenario").asText()).isEqualTo("signin");
        assertThat(json.path("concurrency").asInt()).isEqualTo(2);
        assertThat(json.path("seconds").asDouble()).isEqualTo(10.0);
        assertThat(json.path("operations").asLong()).isEqualTo(100);
        assertThat(json.path("throughput").asDouble()).isEqualTo(10.0);
        assertThat(json.path("p50Ms").asDouble()).isEqualTo(50.0);
        assertThat(json.path("p95Ms").asDouble()).isEqualTo(95.0);
        assertThat(json.path("p99Ms").asDouble()).isEqualTo(99.0);
        assertThat(json.path("errors").path("NotAuthorizedException").asLong()).isEqualTo(3);
        assertThat(json.path("functionCpuMsPerOp").asDouble()).isEqualTo(40.0);
        assertThat(json.path("functionAllocatedMiBPerOp").asDouble()).isEqualTo(8.0);
        assertThat(json.path("hashCpuMsPerCheck").asDouble()).isEqualTo(40.0);
        assertThat(json.path("functionCpuPerHashCheck").asDouble()).isEqualTo(1.0);
        for (String group : new String[] {"dynamodb", "kms", "replicator", "eventbridge", "gateway", "other"}) {
            assertThat(json.path("emulatorCpuMsPerOp").path(group).isNumber()).as(group).isTrue();
        }
        JsonNode per = json.path("perOperation");
        assertThat(per.path("lambdaInvocations").path("identity-api").asDouble()).isEqualTo(1.0);
        assertThat(per.path("lambdaMs").path("identity-api").asDouble()).isEqualTo(60.0);
        for (String field : new String[] {"apiRequests", "dynamoReadUnits", "dynamoWriteUnits", "kmsRequests",
                "eventBridgeEvents"}) {
            assertThat(per.path(field).isNumber()).as(field).isTrue();
        }
    }

    @Test
    void awayFromALocalStackTheResourceFieldsAreNull() {
        JsonNode json = LoadTarget.JSON.valueToTree(report(Optional.empty()).toJson());
        assertThat(json.has("functionCpuMsPerOp")).isTrue();
        assertThat(json.path("functionCpuMsPerOp").isNull()).isTrue();
        assertThat(json.path("emulatorCpuMsPerOp").isNull()).isTrue();
        assertThat(json.path("perOperation").isNull()).isTrue();
        assertThat(json.path("hashCpuMsPerCheck").asDouble()).isEqualTo(40.0);
        assertThat(report(Optional.empty()).toTable()).contains("not a local stack");
    }

    @Test
    void theTableShowsThroughputLatenciesAndTheSplit() throws Exception {
        String table = report(Optional.of(new ResourceUse(ResourceUseTest.before(), ResourceUseTest.after(), 10))).toTable();
        assertThat(table).contains("10.00 /s").contains("p50 50.0 ms").contains("p99 99.0 ms")
                .contains("dynamodb CPU per op").contains("1.00× one Argon2id check").contains("1.00 2.00 3.00");
    }
}
