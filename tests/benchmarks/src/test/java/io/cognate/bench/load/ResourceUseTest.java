package io.cognate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-operation figures from two /_local/usage readings, on made-up readings with round numbers. */
class ResourceUseTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode before() throws Exception {
        return JSON.readTree("""
                {"processCpuNanos": 1000000000,
                 "cpuNanosByThreadGroup": {"dynamodb": 100000000, "gateway": 500000000, "kms": 0, "load": 0, "other": 0},
                 "nativeCpuNanosByThreadGroup": {"sdkEventLoops": 0, "gc": 0, "jit": 0},
                 "functions": {"identity-api": {"invocations": 5, "cpuNanos": 400000000, "allocatedBytes": 0, "wallNanos": 0},
                               "demo-whoami": {"invocations": 0, "cpuNanos": 0, "allocatedBytes": 0, "wallNanos": 0}},
                 "apiRequests": 5, "dynamoReadUnits": 1.0, "dynamoWriteUnits": 2.0, "eventBridgeEntries": 0,
                 "calls": {"DynamoDb": {"GetItem": 10}, "Kms": {"Sign": 10}}}
                """);
    }

    static JsonNode after() throws Exception {
        // Ten operations later: each one identity-api invocation of 40 ms CPU and 8 MiB, 2 GetItems,
        // 2 Signs, 1.5 read and 1 write unit; a demo-whoami invocation of 1 ms; 3 ms of DynamoDB Local.
        return JSON.readTree("""
                {"processCpuNanos": 2000000000,
                 "cpuNanosByThreadGroup": {"dynamodb": 130000000, "gateway": 1000000000, "kms": 20000000,
                                           "load": 50000000, "other": 10000000},
                 "nativeCpuNanosByThreadGroup": {"sdkEventLoops": 40000000, "gc": 100000000, "jit": 50000000},
                 "functions": {"identity-api": {"invocations": 15, "cpuNanos": 800000000, "allocatedBytes": 83886080,
                                                "wallNanos": 600000000},
                               "demo-whoami": {"invocations": 10, "cpuNanos": 10000000, "allocatedBytes": 0, "wallNanos": 0}},
                 "apiRequests": 25, "dynamoReadUnits": 16.0, "dynamoWriteUnits": 12.0, "eventBridgeEntries": 1,
                 "calls": {"DynamoDb": {"GetItem": 30, "PutItem": 0}, "Kms": {"Sign": 30, "Decrypt": 5}}}
                """);
    }

    @Test
    void functionCpuAndAllocationAreCognatesFunctionsOnly() throws Exception {
        var use = new ResourceUse(before(), after(), 10);
        assertThat(use.functionCpuMsPerOp()).isCloseTo(40.0, within(1e-9));
        assertThat(use.functionAllocatedMiBPerOp()).isCloseTo(8.0, within(1e-9));
    }

    @Test
    void theGatewayIsItsThreadsLessEveryFunctionThatRanOnThem() throws Exception {
        Map<String, Double> split = new ResourceUse(before(), after(), 10).emulatorCpuMsPerOp();
        // (500 ms of gateway threads - 400 ms identity-api - 10 ms demo-whoami) / 10
        assertThat(split.get("gateway")).isCloseTo(9.0, within(1e-9));
        assertThat(split.get("dynamodb")).isCloseTo(3.0, within(1e-9));
        assertThat(split.get("kms")).isCloseTo(2.0, within(1e-9));
        assertThat(split.get("other")).isCloseTo(1.0, within(1e-9));
        assertThat(split.get("sdkEventLoops")).as("read from /proc, not the JVM's list").isCloseTo(4.0, within(1e-9));
        assertThat(split).containsOnlyKeys(ResourceUse.EMULATOR_GROUPS);
        assertThat(split).doesNotContainKey("load");
    }

    @Test
    void theJvmsOwnWorkIsProcessCpuLessEveryThread() throws Exception {
        var use = new ResourceUse(before(), after(), 10);
        assertThat(use.processCpuMsPerOp()).isCloseTo(100.0, within(1e-9));
        // Java threads 30 + 500 + 20 + 50 + 10 = 610 ms and the CRT's event loops 40 ms, of the 1000 ms
        assertThat(use.jvmInternalCpuMsPerOp()).isCloseTo(35.0, within(1e-9));
        assertThat(use.gcCpuMsPerOp()).isCloseTo(10.0, within(1e-9));
        assertThat(use.jitCpuMsPerOp()).isCloseTo(5.0, within(1e-9));
        assertThat(use.loadGeneratorCpuMsPerOp()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void perOperationHoldsTheCostModelsInputs() throws Exception {
        Map<String, Object> per = new ResourceUse(before(), after(), 10).perOperation();
        assertThat(per).containsKeys("lambdaInvocations", "lambdaMs", "apiRequests", "dynamoReadUnits",
                "dynamoWriteUnits", "kmsRequests", "eventBridgeEvents");
        assertThat(per.get("lambdaInvocations")).isEqualTo(Map.of("identity-api", 1.0));
        assertThat(per.get("lambdaMs")).isEqualTo(Map.of("identity-api", 60.0));
        assertThat(per.get("apiRequests")).isEqualTo(2.0);
        assertThat(per.get("dynamoReadUnits")).isEqualTo(1.5);
        assertThat(per.get("dynamoWriteUnits")).isEqualTo(1.0);
        assertThat(per.get("kmsRequests")).isEqualTo(2.5);
        assertThat(per.get("eventBridgeEvents")).isEqualTo(0.1);
        assertThat(per.get("kmsCalls")).isEqualTo(Map.of("Sign", 2.0, "Decrypt", 0.5));
        assertThat(per.get("dynamoDbCalls")).isEqualTo(Map.of("GetItem", 2.0)); // PutItem made none in the window
    }

    @Test
    void aWindowWithoutOperationsHasNoPerOperationFigures() {
        assertThatThrownBy(() -> new ResourceUse(before(), after(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
