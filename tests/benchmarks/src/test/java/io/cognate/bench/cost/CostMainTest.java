package io.cognate.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CostMain.run(args, Path.of("..", ".."), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String[] fixtures(String... more) {
        String[] base = {"--usage", CostFixtures.resource("usage").toString(), "--prices", CostFixtures.resource("prices.json").toString(),
                "--template", CostFixtures.resource("template.yaml").toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void aMissingUsageFileIsNamedWithTheCommandThatMakesItAndTheExitCodeIsNotZero(@TempDir Path empty) {
        int code = run("--mau", "100000", "--usage", empty.toString());
        assertThat(code).isEqualTo(CostMain.EXIT_MISSING_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(empty.resolve("signin.json").toString())
                .contains("./cognate load --scenario signin --json");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void withNoUsersItPricesTheFixedPartWithoutUsageFilesButSearchesNoBreakEven(@TempDir Path empty) throws Exception {
        Path json = empty.resolve("floor.json");
        int code = run("--mau", "0", "--usage", empty.toString(), "--prices", CostFixtures.resource("prices.json").toString(),
                "--template", CostFixtures.resource("template.yaml").toString(), "--json", json.toString());
        assertThat(code).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("signin.json does not exist");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Break-even: not searched");
        JsonNode written = new ObjectMapper().readTree(json.toFile());
        // The failover check alone: 43,800 runs of 105 s at 512 MB, $0.00002 a GB-s (CognateBillTest).
        assertThat(written.path("cognate").path("totalUsd").asDouble()).isGreaterThan(45.99);
        assertThat(written.path("cognito").path("totalUsd").asDouble()).isEqualTo(2.0);
        assertThat(written.path("breakEven")).isEmpty();
    }

    @Test
    void printsBothBillsTheRatioAndTheBreakEvenAndWritesTheSameAsJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("cost.json");
        int code = run(fixtures("--mau", "100000", "--regions", "2", "--verifications-per-user", "5", "--json", json.toString()));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("Cognate", "Cognito Essentials", "identity-api compute", "replica add-on", "Cognate / Cognito:",
                "Break-even:");
        JsonNode written = new ObjectMapper().readTree(json.toFile());
        assertThat(written.path("workload").path("mau").asLong()).isEqualTo(100_000);
        double cognito = written.path("cognito").path("totalUsd").asDouble();
        assertThat(cognito).isCloseTo(90_000 * 0.015 + 100_000 * 0.0045 + 2, org.assertj.core.api.Assertions.within(1e-9));
        double cognate = written.path("cognate").path("totalUsd").asDouble();
        assertThat(written.path("ratio").asDouble()).isCloseTo(cognate / cognito, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(written.path("cognate").path("lineItems")).isNotEmpty();
        assertThat(written.path("breakEvenText").asText()).isNotBlank();
        assertThat(table).contains(written.path("breakEvenText").asText());
    }

    @Test
    void theIdentityApiMemoryFlagOverridesTheTemplate(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("cost.json");
        assertThat(run(fixtures("--memory-identity-api", "2048", "--json", json.toString()))).isZero();
        JsonNode written = new ObjectMapper().readTree(json.toFile());
        assertThat(written.path("workload").path("memoryMb").path("identity-api").asInt()).isEqualTo(2048);
    }

    @Test
    void anUnknownFlagOrABadNumberIsRefusedWithTheUsage() {
        assertThat(run(fixtures("--users", "5"))).isEqualTo(CostMain.EXIT_BAD_ARGUMENTS);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown flag", "usage: ./cognate cost");
        assertThat(run(fixtures("--mau", "lots"))).isEqualTo(CostMain.EXIT_BAD_ARGUMENTS);
        assertThat(run(fixtures("--health-check-adapter", "dns"))).isEqualTo(CostMain.EXIT_BAD_ARGUMENTS);
        assertThat(Files.exists(Path.of("lots"))).isFalse();
    }
}
