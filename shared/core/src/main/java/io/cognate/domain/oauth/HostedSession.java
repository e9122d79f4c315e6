package io.cognate.domain.oauth;

import java.time.Instant;

/**
 * Who is signed in at the hosted pages, through which provider ({@code COGNITO} for the pool's own
 * sign-in, else the upstream provider's name), since when, and until when the pages remember it.
 */
public record HostedSession(String sub, String provider, Instant authTime, Instant expiresAt) {
    public boolean validAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
