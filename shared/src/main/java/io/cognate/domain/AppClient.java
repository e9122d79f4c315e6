package io.cognate.domain;

import java.time.Duration;
import java.util.Set;

/** An app client of the pool: which flows it may use and how long its tokens live. */
public record AppClient(
        String clientId,
        String clientName,
        Set<String> explicitAuthFlows,
        Duration accessTokenValidity,
        Duration idTokenValidity,
        Duration refreshTokenValidity) {

    public static final String ALLOW_USER_PASSWORD_AUTH = "ALLOW_USER_PASSWORD_AUTH";
    public static final String ALLOW_REFRESH_TOKEN_AUTH = "ALLOW_REFRESH_TOKEN_AUTH";

    public AppClient {
        explicitAuthFlows = Set.copyOf(explicitAuthFlows);
    }

    public boolean allows(String flow) {
        return explicitAuthFlows.contains(flow);
    }
}
