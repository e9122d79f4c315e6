package io.cognate.domain.migration;

import io.cognate.domain.CognitoException;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pool setting naming the live Cognito pool users are moved in from
 * ({@link UserMigration}), kept with the pool's settings so it replicates to every region.
 * {@code sealedClientSecret} is the app client's secret sealed under the data key, never stored or
 * shown in the clear; {@code keepSub} makes a moved user's {@code sub} the legacy one, where
 * otherwise the legacy {@code sub} is kept as {@code custom:legacy_sub}.
 */
public record LegacyPoolSetting(String region, String userPoolId, String clientId, Optional<String> sealedClientSecret,
                                Optional<URI> endpoint, boolean keepSub) {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    /** Cognito's UserPoolIdType and ClientIdType. */
    private static final Pattern POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]+");

    public LegacyPoolSetting {
        if (region == null || !REGION.matcher(region).matches()) {
            throw CognitoException.invalidParameter("The legacy pool's region is not an AWS region name.");
        }
        if (userPoolId == null || userPoolId.length() > 55 || !POOL_ID.matcher(userPoolId).matches()) {
            throw CognitoException.invalidParameter("The legacy pool's userPoolId is not a user pool id.");
        }
        if (clientId == null || clientId.length() > 128 || !CLIENT_ID.matcher(clientId).matches()) {
            throw CognitoException.invalidParameter("The legacy pool's clientId is not an app client id.");
        }
        sealedClientSecret = sealedClientSecret == null ? Optional.empty() : sealedClientSecret;
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        endpoint.ifPresent(uri -> {
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw CognitoException.invalidParameter("The legacy pool's endpoint must be an http or https URL.");
            }
        });
    }

    @Override
    public String toString() {
        return "LegacyPoolSetting[" + region + ", " + userPoolId + ", " + clientId
                + (sealedClientSecret.isPresent() ? ", client secret sealed" : "") + endpoint.map(e -> ", " + e).orElse("")
                + (keepSub ? ", keeping sub" : "") + "]";
    }
}
