package io.cognate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.LockoutPolicy;
import io.cognate.domain.devices.DeviceConfiguration;
import io.cognate.domain.devices.DeviceTracking;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.passkeys.RelyingParty;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The deployment settings read from the environment: lockout policy, pool MFA, the passkeys' relying party and device tracking. */
class CognateConfigTest {
    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put(CognateConfig.REGION, "us-east-1");
        env.put(CognateConfig.USER_POOL_ID, "us-east-1_abc");
        env.put(CognateConfig.ISSUER, "https://auth.example.com");
        env.put(CognateConfig.DIRECTORY_TABLE, "d");
        env.put(CognateConfig.SESSIONS_TABLE, "s");
        env.put(CognateConfig.CONTROL_TABLE, "c");
        env.put(CognateConfig.SIGNING_KEY_ID, "k");
        return env;
    }

    @Test
    void lockoutDefaultsToCognitosPolicy() {
        assertThat(CognateConfig.from(env()).lockout()).isEqualTo(LockoutPolicy.cognitoDefault());
    }

    @Test
    void everyLockoutSettingComesFromTheEnvironment() {
        Map<String, String> env = env();
        env.put(CognateConfig.LOCKOUT_MAX_FAILURES, "3");
        env.put(CognateConfig.LOCKOUT_FIRST_LOCK, "10");
        env.put(CognateConfig.LOCKOUT_MAX_LOCK, "3600");
        env.put(CognateConfig.LOCKOUT_IDLE_RESET, "7200");
        env.put(CognateConfig.LOCKOUT_REPLICATE_VERDICTS, "false");
        assertThat(CognateConfig.from(env).lockout()).isEqualTo(new LockoutPolicy(3, Duration.ofSeconds(10),
                Duration.ofHours(1), Duration.ofHours(2), false));
    }

    @Test
    void nonsenseIsRefusedAtStart() {
        Map<String, String> env = env();
        env.put(CognateConfig.LOCKOUT_MAX_FAILURES, "five");
        assertThatThrownBy(() -> CognateConfig.from(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(CognateConfig.LOCKOUT_MAX_FAILURES);
        env.put(CognateConfig.LOCKOUT_MAX_FAILURES, "5");
        env.put(CognateConfig.LOCKOUT_REPLICATE_VERDICTS, "yes");
        assertThatThrownBy(() -> CognateConfig.from(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(CognateConfig.LOCKOUT_REPLICATE_VERDICTS);
        env.put(CognateConfig.LOCKOUT_REPLICATE_VERDICTS, "true");
        env.put(CognateConfig.LOCKOUT_FIRST_LOCK, "1000");
        assertThatThrownBy(() -> CognateConfig.from(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lockout");
    }

    @Test
    void mfaIsOptionalUnlessConfigured() {
        assertThat(CognateConfig.from(env()).mfaConfiguration()).isEqualTo(MfaConfiguration.OPTIONAL);
        for (var configuration : MfaConfiguration.values()) {
            Map<String, String> env = env();
            env.put(CognateConfig.MFA_CONFIGURATION, configuration.name().toLowerCase());
            assertThat(CognateConfig.from(env).mfaConfiguration()).isEqualTo(configuration);
        }
    }

    @Test
    void anUnknownSettingIsRefusedAtStart() {
        Map<String, String> env = env();
        env.put(CognateConfig.MFA_CONFIGURATION, "REQUIRED");
        assertThatThrownBy(() -> CognateConfig.from(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(CognateConfig.MFA_CONFIGURATION);
    }

    @Test
    void anotherConfigurationKeepsEverythingElse() {
        CognateConfig config = CognateConfig.from(env());
        CognateConfig on = config.withMfaConfiguration(MfaConfiguration.ON);
        assertThat(on.mfaConfiguration()).isEqualTo(MfaConfiguration.ON);
        assertThat(on.withMfaConfiguration(MfaConfiguration.OPTIONAL)).isEqualTo(config);
    }

    @Test
    void passkeysHaveNoRelyingPartyUnlessOneIsConfigured() {
        assertThat(CognateConfig.from(env()).relyingParty()).isEmpty();
        Map<String, String> env = env();
        env.put(CognateConfig.RELYING_PARTY_ID, "");
        assertThat(CognateConfig.from(env).relyingParty()).as("the template's empty DomainName").isEmpty();
    }

    @Test
    void theRelyingPartyIsThePoolsDomainWithItsHttpsOrigin() {
        Map<String, String> env = env();
        env.put(CognateConfig.RELYING_PARTY_ID, "auth.example.com");
        assertThat(CognateConfig.from(env).relyingParty())
                .contains(new RelyingParty("auth.example.com", List.of("https://auth.example.com")));
    }

    @Test
    void originsMayBeListedAndLocalhostMayUseHttp() {
        Map<String, String> env = env();
        env.put(CognateConfig.RELYING_PARTY_ID, "localhost");
        env.put(CognateConfig.RELYING_PARTY_ORIGINS, "http://localhost:8080, http://localhost:8081,http://localhost:8082");
        assertThat(CognateConfig.from(env).relyingParty().orElseThrow().origins())
                .containsExactly("http://localhost:8080", "http://localhost:8081", "http://localhost:8082");

        env.put(CognateConfig.RELYING_PARTY_ID, "example.com");
        env.put(CognateConfig.RELYING_PARTY_ORIGINS, "https://EXAMPLE.com,https://app.example.com:8443");
        assertThat(CognateConfig.from(env).relyingParty().orElseThrow().origins())
                .containsExactly("https://example.com", "https://app.example.com:8443");
    }

    @Test
    void aRelyingPartyThatNoBrowserWouldAcceptIsRefusedAtStart() {
        for (String[] wrong : new String[][] {
                {"https://auth.example.com", null},          // an id is a host, not a URL
                {"auth.example.com:443", null},
                {"Auth_Example", null},
                {"auth.example.com", "http://auth.example.com"},   // http only for localhost
                {"auth.example.com", "https://evil.com"},          // not the id or a subdomain
                {"auth.example.com", "https://notauth.example.com.evil.com"},
                {"auth.example.com", "https://auth.example.com/login"},
                {"auth.example.com", "auth.example.com"}}) {
            Map<String, String> env = env();
            env.put(CognateConfig.RELYING_PARTY_ID, wrong[0]);
            if (wrong[1] != null) {
                env.put(CognateConfig.RELYING_PARTY_ORIGINS, wrong[1]);
            }
            assertThatThrownBy(() -> CognateConfig.from(env)).as(String.join(" ", java.util.Arrays.toString(wrong)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(CognateConfig.RELYING_PARTY_ID);
        }
        Map<String, String> env = env();
        env.put(CognateConfig.RELYING_PARTY_ORIGINS, "https://auth.example.com");
        assertThatThrownBy(() -> CognateConfig.from(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(CognateConfig.RELYING_PARTY_ID);
    }

    @Test
    void anotherRelyingPartyKeepsEverythingElse() {
        CognateConfig config = CognateConfig.from(env());
        CognateConfig withPasskeys = config.withRelyingParty(Optional.of(RelyingParty.of("auth.example.com")));
        assertThat(withPasskeys.relyingParty().orElseThrow().id()).isEqualTo("auth.example.com");
        assertThat(withPasskeys.withRelyingParty(Optional.empty())).isEqualTo(config);
    }

    @Test
    void devicesAreNotTrackedUnlessConfigured() {
        DeviceConfiguration devices = CognateConfig.from(env()).devices();
        assertThat(devices.tracking()).isEqualTo(DeviceTracking.OFF);
        assertThat(devices.tracksDevices()).isFalse();
        assertThat(devices.devicesReplaceMfa()).as("nothing is remembered, so nothing replaces MFA").isFalse();
    }

    @Test
    void deviceTrackingAndWhetherARememberedDeviceSkipsMfaComeFromTheEnvironment() {
        for (var tracking : DeviceTracking.values()) {
            Map<String, String> env = env();
            env.put(CognateConfig.DEVICE_TRACKING, tracking.name().toLowerCase());
            assertThat(CognateConfig.from(env).devices()).isEqualTo(new DeviceConfiguration(tracking, true));
        }
        Map<String, String> env = env();
        env.put(CognateConfig.DEVICE_TRACKING, "USER_OPT_IN");
        env.put(CognateConfig.REMEMBERED_DEVICE_SKIPS_MFA, "false");
        DeviceConfiguration devices = CognateConfig.from(env).devices();
        assertThat(devices.tracksDevices()).isTrue();
        assertThat(devices.devicesReplaceMfa()).isFalse();
    }

    @Test
    void unknownDeviceSettingsAreRefusedAtStart() {
        Map<String, String> env = env();
        env.put(CognateConfig.DEVICE_TRACKING, "SOMETIMES");
        assertThatThrownBy(() -> CognateConfig.from(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(CognateConfig.DEVICE_TRACKING);
        env.put(CognateConfig.DEVICE_TRACKING, "ALWAYS");
        env.put(CognateConfig.REMEMBERED_DEVICE_SKIPS_MFA, "yes");
        assertThatThrownBy(() -> CognateConfig.from(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(CognateConfig.REMEMBERED_DEVICE_SKIPS_MFA);
    }

    @Test
    void otherDeviceSettingsKeepEverythingElse() {
        CognateConfig config = CognateConfig.from(env());
        CognateConfig always = config.withDevices(new DeviceConfiguration(DeviceTracking.ALWAYS, false));
        assertThat(always.devices().tracking()).isEqualTo(DeviceTracking.ALWAYS);
        assertThat(always.withDevices(DeviceConfiguration.off())).isEqualTo(config);
    }
}
