package io.cognate.domain.oauth;

import io.cognate.ports.SecretEnvelopes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The hosted pages' session cookie: sealed (AES-GCM under a data key of the multi-region data
 * key, {@link SecretEnvelopes}), so every region opens what any region sealed and a session
 * survives a failover, and nobody can read or forge one without {@code kms:Decrypt} on that key.
 * The context binds it to this pool and this use: a sealed TOTP secret or challenge session
 * cannot be passed off as a session cookie.
 */
public final class HostedSessions {
    /** Cognito's hosted-UI session lasts one hour. */
    public static final Duration VALIDITY = Duration.ofHours(1);
    /** A sealed cookie is ~300 characters; anything far longer is not ours and is not sent to KMS. */
    private static final int MAX_COOKIE_LENGTH = 2048;

    private final SecretEnvelopes envelopes;
    private final Map<String, String> context;
    private final Clock clock;

    public HostedSessions(String userPoolId, SecretEnvelopes envelopes, Clock clock) {
        this.envelopes = envelopes;
        this.context = Map.of("purpose", "hosted-session", "userPoolId", userPoolId);
        this.clock = clock;
    }

    /** A session of {@code sub}, signed in through {@code provider} ({@code COGNITO} or an upstream provider's name). */
    public HostedSession start(String sub, String provider, Instant authTime) {
        return new HostedSession(sub, provider, authTime, clock.instant().plus(VALIDITY));
    }

    public String seal(HostedSession session) {
        // The provider last: a provider name may hold any printable character, '|' too.
        String text = session.sub() + "|" + session.authTime().toEpochMilli() + "|" + session.expiresAt().toEpochMilli()
                + "|" + session.provider();
        return envelopes.seal(text.getBytes(StandardCharsets.UTF_8), context);
    }

    /** The session in {@code cookie}, if it opens and has not expired. */
    public Optional<HostedSession> open(String cookie) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > MAX_COOKIE_LENGTH) {
            return Optional.empty();
        }
        try {
            // A cookie sealed before sessions named their provider (three parts) opens to nothing: sign in again.
            String[] parts = new String(envelopes.open(cookie, context), StandardCharsets.UTF_8).split("\\|", 4);
            if (parts.length != 4 || parts[3].isEmpty()) {
                return Optional.empty();
            }
            var session = new HostedSession(parts[0], parts[3], Instant.ofEpochMilli(Long.parseLong(parts[1])),
                    Instant.ofEpochMilli(Long.parseLong(parts[2])));
            return session.validAt(clock.instant()) ? Optional.of(session) : Optional.empty();
        } catch (SecretEnvelopes.CannotOpen | IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }
}
