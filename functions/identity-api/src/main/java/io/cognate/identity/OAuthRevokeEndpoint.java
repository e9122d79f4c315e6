package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.CognitoException;
import io.cognate.domain.clients.OAuthError;
import io.cognate.domain.sessions.SessionService;
import io.cognate.http.HttpApiEvents;
import io.cognate.http.JsonTreeCodec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /oauth2/revoke} (RFC 7009): ends the session of a refresh token through the same
 * service as RevokeToken. The client authenticates as at the token endpoint (basic or post; a
 * public client names itself). An unknown token answers 200 (RFC 7009 §2.2); an access or ID
 * token answers {@code unsupported_token_type}.
 */
final class OAuthRevokeEndpoint {
    static final String PATH = "/oauth2/revoke";
    private static final Logger LOG = LoggerFactory.getLogger(OAuthRevokeEndpoint.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<SessionService> sessions;

    OAuthRevokeEndpoint(Supplier<SessionService> sessions) {
        this.sessions = sessions;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        String requestId = HttpApiEvents.requestId(event);
        try {
            String contentType = HttpApiEvents.header(event, "content-type").orElse("").toLowerCase(Locale.ROOT);
            if (!contentType.split(";")[0].strip().equals("application/x-www-form-urlencoded")) {
                throw OAuthError.invalidRequest("Content-Type must be application/x-www-form-urlencoded.");
            }
            byte[] bytes = HttpApiEvents.bodyBytes(event);
            if (bytes.length > OAuthTokenEndpoint.MAX_BODY_BYTES) {
                throw OAuthError.invalidRequest("The request body is too large.");
            }
            FormBody form = FormBody.parse(bytes);
            var client = OAuthTokenEndpoint.client(HttpApiEvents.header(event, "authorization"), form);
            String token = form.get("token").orElseThrow(() -> OAuthError.invalidRequest("Missing token."));
            try {
                sessions.get().revoke(client.clientId(), client.secret().orElse(null), token);
            } catch (CognitoException refused) {
                LOG.info("operation=oauth2/revoke outcome={} requestId={}", refused.type(), requestId);
                return switch (refused.type()) {
                    case "UnsupportedTokenTypeException" -> error(400, "unsupported_token_type", refused.getMessage());
                    case "UnsupportedOperationException" -> error(400, "unauthorized_client", refused.getMessage());
                    case "InvalidParameterException" -> error(400, "invalid_request", refused.getMessage());
                    default -> error(401, "invalid_client", "Client authentication failed.");
                };
            }
            LOG.info("operation=oauth2/revoke outcome=ok requestId={}", requestId);
            return HttpApiEvents.json(200, "{}", Map.of("pragma", "no-cache"));
        } catch (OAuthError e) {
            LOG.info("operation=oauth2/revoke outcome={} requestId={}", e.code(), requestId);
            return error(e.status(), e.code(), e.getMessage());
        }
    }

    private static APIGatewayV2HTTPResponse error(int status, String code, String description) {
        ObjectNode body = NODES.objectNode();
        body.put("error", code);
        body.put("error_description", Optional.ofNullable(description).orElse(code));
        return HttpApiEvents.json(status, JsonTreeCodec.LENIENT.write(body), Map.of("pragma", "no-cache"));
    }
}
