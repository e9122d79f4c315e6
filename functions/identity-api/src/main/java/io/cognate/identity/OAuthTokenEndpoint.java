package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.clients.ClientCredentialsGrant;
import io.cognate.domain.CognitoException;
import io.cognate.domain.clients.OAuthError;
import io.cognate.domain.oauth.AuthorizationCodeGrant;
import io.cognate.domain.sessions.SessionService;
import io.cognate.domain.tokens.IssuedTokens;
import io.cognate.http.HttpApiEvents;
import io.cognate.http.JsonTreeCodec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /oauth2/token}: {@code authorization_code} (RFC 6749 §4.1.3, with PKCE),
 * {@code refresh_token} (§6) and {@code client_credentials} (§4.4). A
 * form-encoded request, the client authenticated by HTTP Basic (§2.3.1: the id and secret are
 * form-encoded, joined by a colon, base64-encoded) or by {@code client_id} and
 * {@code client_secret} in the body, never both. Errors follow §5.2.
 */
final class OAuthTokenEndpoint {
    static final String PATH = "/oauth2/token";
    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(OAuthTokenEndpoint.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<ClientCredentialsGrant> grant;
    private final Supplier<AuthorizationCodeGrant> codeGrant;
    private final Supplier<SessionService> sessions;

    OAuthTokenEndpoint(Supplier<ClientCredentialsGrant> grant) {
        this(grant, () -> {
            throw OAuthError.unsupportedGrantType();
        }, () -> {
            throw OAuthError.unsupportedGrantType();
        });
    }

    /** With the authorization code grant and refresh tokens as well (RFC 6749 §4.1.3, §6). */
    OAuthTokenEndpoint(Supplier<ClientCredentialsGrant> grant, Supplier<AuthorizationCodeGrant> codeGrant,
                       Supplier<SessionService> sessions) {
        this.grant = grant;
        this.codeGrant = codeGrant;
        this.sessions = sessions;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        String requestId = HttpApiEvents.requestId(event);
        boolean basicAttempted = false;
        try {
            String contentType = HttpApiEvents.header(event, "content-type").orElse("").toLowerCase(Locale.ROOT);
            if (!contentType.split(";")[0].strip().equals("application/x-www-form-urlencoded")) {
                throw OAuthError.invalidRequest("Content-Type must be application/x-www-form-urlencoded.");
            }
            byte[] bytes = HttpApiEvents.bodyBytes(event);
            if (bytes.length > MAX_BODY_BYTES) {
                throw OAuthError.invalidRequest("The request body is too large.");
            }
            FormBody form = FormBody.parse(bytes);
            Optional<String> authorization = HttpApiEvents.header(event, "authorization");
            basicAttempted = authorization.isPresent();
            String grantType = form.get("grant_type")
                    .orElseThrow(() -> OAuthError.invalidRequest("Missing grant_type."));
            if (grantType.equals("authorization_code")) {
                return authorizationCode(requestId, client(authorization, form), form);
            }
            if (grantType.equals("refresh_token")) {
                return refreshToken(requestId, client(authorization, form), form);
            }
            Credentials credentials = credentials(authorization, form);
            if (!grantType.equals("client_credentials")) {
                throw OAuthError.unsupportedGrantType();
            }
            var granted = grant.get().grant(credentials.clientId(), credentials.secret(), form.get("scope"));
            ObjectNode body = NODES.objectNode();
            body.put("access_token", granted.accessToken());
            body.put("expires_in", granted.expiresInSeconds());
            body.put("token_type", "Bearer");
            LOG.info("operation=oauth2/token grant=client_credentials outcome=ok requestId={}", requestId);
            return HttpApiEvents.json(200, JsonTreeCodec.LENIENT.write(body), Map.of("pragma", "no-cache"));
        } catch (OAuthError e) {
            LOG.info("operation=oauth2/token outcome={} requestId={}", e.code(), requestId);
            return error(e, basicAttempted);
        } catch (RuntimeException e) {
            // Only the class: messages of SDK errors could quote the request.
            LOG.error("operation=oauth2/token outcome=server_error requestId={} cause={}", requestId, e.getClass().getName());
            return HttpApiEvents.json(500, "{\"error\":\"server_error\"}", Map.of("pragma", "no-cache"));
        }
    }

    private APIGatewayV2HTTPResponse authorizationCode(String requestId, ClientIdentity client, FormBody form) {
        var redeemed = codeGrant.get().redeem(new AuthorizationCodeGrant.Redemption(client.clientId(), client.secret(),
                form.get("code"), form.get("redirect_uri"), form.get("code_verifier")));
        var tokens = redeemed.tokens();
        ObjectNode body = NODES.objectNode();
        if (redeemed.code().scopes().contains("openid")) {
            body.put("id_token", tokens.idToken());
        }
        body.put("access_token", tokens.accessToken());
        tokens.refreshToken().ifPresent(token -> body.put("refresh_token", token));
        body.put("expires_in", tokens.expiresInSeconds());
        body.put("token_type", "Bearer");
        LOG.info("operation=oauth2/token grant=authorization_code outcome=ok requestId={}", requestId);
        return HttpApiEvents.json(200, JsonTreeCodec.LENIENT.write(body), Map.of("pragma", "no-cache"));
    }

    private APIGatewayV2HTTPResponse refreshToken(String requestId, ClientIdentity client, FormBody form) {
        String token = form.get("refresh_token").orElseThrow(() -> OAuthError.invalidRequest("Missing refresh_token."));
        IssuedTokens tokens;
        try {
            tokens = sessions.get().refresh(client.clientId(), token,
                    client.secret().map(SessionService.ClientProof::secret).orElse(SessionService.ClientProof.secretHash(null)));
        } catch (CognitoException refused) {
            if (refused.getMessage() != null && refused.getMessage().startsWith("Unable to verify client secret")
                    || refused.type().equals("ResourceNotFoundException")
                    || refused.getMessage() != null && refused.getMessage().startsWith("Client ")) {
                throw OAuthError.invalidClient();
            }
            if (refused.type().equals("InvalidParameterException")) {
                throw OAuthError.unauthorizedClient("The client may not use refresh tokens.");
            }
            throw OAuthError.invalidGrant("The refresh token is not valid.");
        }
        ObjectNode body = NODES.objectNode();
        body.put("id_token", tokens.idToken());
        body.put("access_token", tokens.accessToken());
        body.put("expires_in", tokens.expiresInSeconds());
        body.put("token_type", "Bearer");
        LOG.info("operation=oauth2/token grant=refresh_token outcome=ok requestId={}", requestId);
        return HttpApiEvents.json(200, JsonTreeCodec.LENIENT.write(body), Map.of("pragma", "no-cache"));
    }

    /** A client named by HTTP Basic or {@code client_id}, its secret if it sent one (a public client sends none). */
    record ClientIdentity(String clientId, Optional<String> secret) {
        @Override
        public String toString() {
            return "ClientIdentity[clientId=" + clientId + "]";
        }
    }

    static ClientIdentity client(Optional<String> authorization, FormBody form) {
        if (authorization.isPresent()) {
            Credentials basic = credentials(authorization, form);
            return new ClientIdentity(basic.clientId(), Optional.of(basic.secret()));
        }
        String clientId = form.get("client_id").orElseThrow(OAuthError::invalidClient);
        return new ClientIdentity(clientId, form.get("client_secret"));
    }

    private record Credentials(String clientId, String secret) {
        @Override
        public String toString() {
            return "Credentials[clientId=" + clientId + "]";
        }
    }

    private static Credentials credentials(Optional<String> authorization, FormBody form) {
        Optional<String> bodyId = form.get("client_id");
        Optional<String> bodySecret = form.get("client_secret");
        if (authorization.isPresent()) {
            if (bodySecret.isPresent()) {
                throw OAuthError.invalidRequest("Use one client authentication method, not two.");
            }
            Credentials basic = basic(authorization.get());
            if (bodyId.isPresent() && !bodyId.get().equals(basic.clientId())) {
                throw OAuthError.invalidRequest("client_id does not match the authenticated client.");
            }
            return basic;
        }
        if (bodyId.isEmpty() || bodySecret.isEmpty()) {
            throw OAuthError.invalidClient();
        }
        return new Credentials(bodyId.get(), bodySecret.get());
    }

    private static Credentials basic(String header) {
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Basic")) {
            throw OAuthError.invalidClient();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw OAuthError.invalidClient();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw OAuthError.invalidClient();
        }
        try {
            return new Credentials(FormBody.decode(decoded.substring(0, colon)), FormBody.decode(decoded.substring(colon + 1)));
        } catch (OAuthError malformed) {
            throw OAuthError.invalidClient();
        }
    }

    private static APIGatewayV2HTTPResponse error(OAuthError e, boolean basicAttempted) {
        ObjectNode body = NODES.objectNode();
        body.put("error", e.code());
        body.put("error_description", e.getMessage());
        var headers = new HashMap<String, String>();
        headers.put("pragma", "no-cache");
        if (e.status() == 401) {
            headers.put("www-authenticate", basicAttempted ? "Basic realm=\"cognate\", error=\"invalid_client\"" : "Basic realm=\"cognate\"");
        }
        return HttpApiEvents.json(e.status(), JsonTreeCodec.LENIENT.write(body), headers);
    }
}
