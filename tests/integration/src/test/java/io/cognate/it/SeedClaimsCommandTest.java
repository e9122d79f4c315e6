package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.local.SeedClaimsCommand;
import org.junit.jupiter.api.Test;

/** The command's arguments: a deployment's region and env, nothing else (the seeding itself: ClaimsTableSeedingTest). */
class SeedClaimsCommandTest {
    @Test
    void itNamesADeploymentOrRefuses() throws Exception {
        assertThat(CommandRuns.run(SeedClaimsCommand::run, "--region", "eu-west-1").exit()).isEqualTo(2);
        assertThat(CommandRuns.run(SeedClaimsCommand::run, "--env", "prod").exit()).isEqualTo(2);
        assertThat(CommandRuns.run(SeedClaimsCommand::run, "--local").exit()).isEqualTo(2);
        assertThat(CommandRuns.run(SeedClaimsCommand::run, "--region", "eu-west-1", "--env", "prod", "--limit", "3")
                .exit()).isEqualTo(2);
        assertThat(CommandRuns.run(SeedClaimsCommand::run, "--region", "eu-west-1").err()).contains("usage: ./cognate seed-claims");
    }
}
