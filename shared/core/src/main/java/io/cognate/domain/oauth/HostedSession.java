package io.cognate.domain.oauth;

import java.time.Instant;

/** Who is signed in at the hosted pages, since when, and until when the pages remember it. */
public record HostedSession(String sub, Instant authTime, Instant expiresAt) {
    public boolean validAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
