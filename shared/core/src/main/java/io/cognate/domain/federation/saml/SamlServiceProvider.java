package io.cognate.domain.federation.saml;

import java.util.List;

/**
 * The pool as a SAML service provider: the entity ID Cognito gives a pool and the assertion
 * consumer URLs a response may be addressed to.
 *
 * @param entityId {@code urn:amazon:cognito:sp:<poolId>}, the Audience every assertion must name
 * @param assertionConsumerUrls {@code <pool domain>/saml2/idpresponse} first (the one requests
 *     name), then each region's own endpoint + {@code /saml2/idpresponse}, for a region reached
 *     directly
 */
public record SamlServiceProvider(String entityId, List<String> assertionConsumerUrls) {
    public static final String ACS_PATH = "/saml2/idpresponse";

    public SamlServiceProvider {
        assertionConsumerUrls = List.copyOf(assertionConsumerUrls);
        if (assertionConsumerUrls.isEmpty()) {
            throw new IllegalArgumentException("no assertion consumer URL");
        }
    }

    /** The service provider of {@code poolId} served at {@code baseUrls} (pool domain first). */
    public static SamlServiceProvider of(String poolId, List<String> baseUrls) {
        return new SamlServiceProvider("urn:amazon:cognito:sp:" + poolId,
                baseUrls.stream().map(base -> stripSlash(base) + ACS_PATH).toList());
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The consumer URL an AuthnRequest names. */
    public String assertionConsumerUrl() {
        return assertionConsumerUrls.get(0);
    }

    /**
     * The same service provider as reached at {@code consumerUrl}, the {@code /saml2/idpresponse}
     * of the domain a request came in at (API Gateway routes by domain, so it is one of this
     * pool's): requests started there name it, and answers addressed to it are taken there, so
     * a browser that reached a region directly is sent back to that region. The pool domain's
     * consumer URL stays accepted.
     */
    public SamlServiceProvider answeringAt(String consumerUrl) {
        if (consumerUrl == null || consumerUrl.equals(assertionConsumerUrl())) {
            return this;
        }
        var urls = new java.util.ArrayList<String>();
        urls.add(consumerUrl);
        assertionConsumerUrls.stream().filter(url -> !url.equals(consumerUrl)).forEach(urls::add);
        return new SamlServiceProvider(entityId, urls);
    }

    public boolean isOwnConsumerUrl(String url) {
        return url != null && assertionConsumerUrls.contains(url);
    }
}
