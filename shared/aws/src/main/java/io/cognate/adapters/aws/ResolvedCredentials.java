package io.cognate.adapters.aws;

import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * A credentials provider's answer, asked again at most once a second, for the calls signed
 * without the SDK's pipeline. The SDK's environment and system-property providers read and build
 * their credentials anew on every call: in a JFR recording of {@code SignInCpuMain stack} that was
 * 6 of about 150 samples of a sign-in's CPU beyond the Argon2id check (about 0.3 ms over its
 * eleven calls). A second is far inside the refresh margin of the providers whose credentials
 * expire (the container endpoint's are renewed minutes before they lapse). The second is measured
 * by the wall clock, so an environment restored from a SnapStart snapshot, whose clock has moved
 * on, or a clock set back, asks again.
 */
final class ResolvedCredentials {
    static final long KEPT_MILLIS = 1_000;

    private record Held(SigV4JsonRequests.Credentials credentials, long atMillis) {
    }

    private final IdentityProvider<? extends AwsCredentialsIdentity> provider;
    private final Clock clock;
    private volatile Held held;

    ResolvedCredentials(IdentityProvider<? extends AwsCredentialsIdentity> provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    SigV4JsonRequests.Credentials get() {
        long now = clock.millis();
        Held known = held;
        if (known != null && now >= known.atMillis() && now - known.atMillis() < KEPT_MILLIS) {
            return known.credentials();
        }
        SigV4JsonRequests.Credentials fresh = of(provider.resolveIdentity().join());
        held = new Held(fresh, now);
        return fresh;
    }

    /** The SDK's identity as the signer's credentials. */
    static SigV4JsonRequests.Credentials of(AwsCredentialsIdentity identity) {
        Optional<String> sessionToken = identity instanceof AwsSessionCredentialsIdentity session
                ? Optional.of(session.sessionToken()) : Optional.empty();
        return new SigV4JsonRequests.Credentials(identity.accessKeyId(), identity.secretAccessKey(), sessionToken);
    }
}
