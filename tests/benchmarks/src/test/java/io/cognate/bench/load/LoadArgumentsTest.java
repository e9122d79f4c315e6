package io.cognate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadArgumentsTest {

    @Test
    void flagsAreRead() {
        var parsed = LoadMain.Arguments.parse("--scenario", "verify", "--concurrency", "4", "--seconds", "30",
                "--warmup-seconds", "0", "--json", "out.json", "--front-port", "19100");
        assertThat(parsed.settings()).isEqualTo(new LoadRun.Settings(Scenario.VERIFY, 4, Duration.ofSeconds(30),
                Duration.ZERO));
        assertThat(parsed.json()).contains(Path.of("out.json"));
        assertThat(parsed.endpoint()).isEmpty();
        // free ports by default, the given one last so that it wins
        assertThat(parsed.stackArguments()).endsWith("--front-port", "19100").contains("--primary-port");
    }

    @Test
    void anEndpointIsKept() {
        var parsed = LoadMain.Arguments.parse("--endpoint", "http://127.0.0.1:19100", "--client-id", "abc");
        assertThat(parsed.endpoint()).contains(URI.create("http://127.0.0.1:19100"));
        assertThat(parsed.clientId()).contains("abc");
        assertThat(parsed.settings().scenario()).isEqualTo(Scenario.SIGNIN);
    }

    @Test
    void wrongFlagsAreRefused() {
        assertThatThrownBy(() -> LoadMain.Arguments.parse("--scenario", "nap")).hasMessageContaining("unknown scenario");
        assertThatThrownBy(() -> LoadMain.Arguments.parse("--concurrency", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> LoadMain.Arguments.parse("--seconds")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LoadMain.Arguments.parse("--speed", "9")).hasMessageContaining("unknown flag");
    }

    @Test
    void eachWorkerTakesOnlyItsOwnUsersInTurn() {
        var users = new Scenario.Users(8, 2);
        assertThat(new int[] {users.next(0), users.next(0), users.next(0), users.next(0), users.next(0)})
                .containsExactly(0, 2, 4, 6, 0);
        assertThat(new int[] {users.next(1), users.next(1)}).containsExactly(1, 3);
        assertThatThrownBy(() -> new Scenario.Users(1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
