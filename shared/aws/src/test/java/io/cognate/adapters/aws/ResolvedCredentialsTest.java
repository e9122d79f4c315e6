package io.cognate.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;

class ResolvedCredentialsTest {
    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final AtomicInteger asked = new AtomicInteger();
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    };
    private final IdentityProvider<AwsCredentialsIdentity> provider = new IdentityProvider<>() {
        @Override
        public Class<AwsCredentialsIdentity> identityType() {
            return AwsCredentialsIdentity.class;
        }

        @Override
        public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
            int n = asked.incrementAndGet();
            return CompletableFuture.completedFuture(AwsSessionCredentials.create("AKID" + n, "secret" + n, "token" + n));
        }
    };

    @Test
    void asksTheProviderAgainOnlyAfterASecond() {
        var credentials = new ResolvedCredentials(provider, clock);

        assertThat(credentials.get().accessKeyId()).isEqualTo("AKID1");
        millis.addAndGet(ResolvedCredentials.KEPT_MILLIS - 1);
        assertThat(credentials.get().accessKeyId()).isEqualTo("AKID1");
        millis.addAndGet(1);
        SigV4JsonRequests.Credentials second = credentials.get();

        assertThat(second.accessKeyId()).isEqualTo("AKID2");
        assertThat(second.sessionToken()).contains("token2");
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void asksAgainWhenTheClockWentBackOrJumpedAsAfterARestore() {
        var credentials = new ResolvedCredentials(provider, clock);
        credentials.get();

        millis.addAndGet(-1);
        assertThat(credentials.get().accessKeyId()).isEqualTo("AKID2");
        millis.addAndGet(3_600_000);
        assertThat(credentials.get().accessKeyId()).isEqualTo("AKID3");
    }

    @Test
    void neverShowsTheSecretInItsText() {
        SigV4JsonRequests.Credentials credentials = new ResolvedCredentials(provider, clock).get();

        assertThat(credentials.toString()).contains("AKID1").doesNotContain("secret1").doesNotContain("token1");
    }
}
