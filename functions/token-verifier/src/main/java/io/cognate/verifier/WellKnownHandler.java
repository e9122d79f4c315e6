package io.cognate.verifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.adapters.powertools.RequestLogging;
import io.cognate.domain.tokens.SigningKey;
import io.cognate.http.HttpApiEvents;
import io.cognate.verifier.VerifierEnvironment;
import io.cognate.verifier.VerifierServices;
import java.util.Map;

/**
 * Serves {@code /.well-known/jwks.json} and {@code /.well-known/openid-configuration}. Both are
 * derived from the issuer and the multi-region key alone, so every region serves the same bytes.
 */
public final class WellKnownHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    public static final String JWKS_PATH = "/.well-known/jwks.json";
    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    private static final Map<String, String> CACHEABLE = Map.of("cache-control", "public, max-age=3600");

    private final VerifierServices services;
    private volatile Documents documents;

    public WellKnownHandler() {
        this(VerifierEnvironment.services());
    }

    public WellKnownHandler(VerifierServices services) {
        this.services = services;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return RequestLogging.around(context, event == null ? null : HttpApiEvents.requestId(event), services.config().region(),
                () -> handle(event));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        if (!"GET".equals(HttpApiEvents.method(event))) {
            return HttpApiEvents.notFound();
        }
        return switch (HttpApiEvents.path(event)) {
            case JWKS_PATH -> HttpApiEvents.json(200, documents().jwks(), CACHEABLE);
            case DISCOVERY_PATH -> HttpApiEvents.json(200, documents().discovery(), CACHEABLE);
            default -> HttpApiEvents.notFound();
        };
    }

    private Documents documents() {
        Documents current = documents;
        if (current == null) {
            SigningKey key = services.signingKey();
            current = new Documents(key.jwksJson(), OpenIdConfiguration.json(services.config().issuer()));
            documents = current;
        }
        return current;
    }

    private record Documents(String jwks, String discovery) {
    }
}
