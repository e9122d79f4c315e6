package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.AppClient;
import io.cognate.domain.User;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.domain.tokens.TokenRejected;
import io.cognate.domain.tokens.TokenUse;
import io.cognate.domain.tokens.VerifiedToken;
import io.cognate.http.HttpApiEvents;
import io.cognate.http.JsonTreeCodec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|POST /oauth2/userInfo} (OpenID Connect Core §5.3): the claims of the user an access
 * token with {@code openid} was issued to, as Cognito names them ({@code sub}, {@code username},
 * the attributes), limited by the token's scopes ({@code email}, {@code phone}, {@code profile};
 * {@code aws.cognito.signin.user.admin} reads all) and by what the client may read. Errors are
 * RFC 6750 §3: 401 with {@code WWW-Authenticate: Bearer error="invalid_token"}.
 */
final class OAuthUserInfoEndpoint {
    static final String PATH = "/oauth2/userInfo";
    private static final Logger LOG = LoggerFactory.getLogger(OAuthUserInfoEndpoint.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> EMAIL_CLAIMS = Set.of("email", "email_verified");
    private static final Set<String> PHONE_CLAIMS = Set.of("phone_number", "phone_number_verified");

    private final Supplier<OAuthWiring> wiring;

    OAuthUserInfoEndpoint(Supplier<OAuthWiring> wiring) {
        this.wiring = wiring;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        String requestId = HttpApiEvents.requestId(event);
        Optional<String> token = HttpApiEvents.header(event, "authorization")
                .map(String::strip)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).strip());
        if (token.isEmpty()) {
            return unauthorized("invalid_request", "Missing bearer access token.", requestId);
        }
        OAuthWiring oauth = wiring.get();
        VerifiedToken verified;
        try {
            verified = oauth.userInfoTokens().verify(token.get(), TokenUse.ACCESS);
        } catch (TokenRejected rejected) {
            return unauthorized("invalid_token", "Access token is not valid.", requestId);
        }
        Optional<User> user = oauth.directory().findBySub(verified.subject()).filter(User::enabled);
        Optional<AppClient> client = oauth.directory().findClient(verified.clientId());
        if (user.isEmpty() || client.isEmpty()) {
            return unauthorized("invalid_token", "Access token is not valid.", requestId);
        }
        Set<String> scopes = verified.scopes();
        boolean all = scopes.contains(TokenIssuer.ADMIN_SCOPE);
        ObjectNode body = NODES.objectNode();
        body.put("sub", user.get().sub());
        user.get().attributes().forEach((name, value) -> {
            if (name.equals("sub") || !client.get().mayRead(name)) {
                return;
            }
            boolean granted = all || (EMAIL_CLAIMS.contains(name) ? scopes.contains("email")
                    : PHONE_CLAIMS.contains(name) ? scopes.contains("phone")
                    : scopes.contains("profile"));
            if (granted) {
                // Cognito's userInfo gives the *_verified flags as strings, as stored.
                body.put(name, value);
            }
        });
        body.put("username", user.get().username().value());
        LOG.info("operation=oauth2/userInfo outcome=ok requestId={}", requestId);
        return HttpApiEvents.json(200, JsonTreeCodec.LENIENT.write(body));
    }

    private static APIGatewayV2HTTPResponse unauthorized(String error, String description, String requestId) {
        LOG.info("operation=oauth2/userInfo outcome={} requestId={}", error, requestId);
        ObjectNode body = NODES.objectNode();
        body.put("error", error);
        body.put("error_description", description);
        return HttpApiEvents.json(401, JsonTreeCodec.LENIENT.write(body), Map.of("www-authenticate",
                "Bearer error=\"" + error + "\", error_description=\"" + description + "\""));
    }
}
