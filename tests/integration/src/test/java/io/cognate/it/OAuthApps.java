package io.cognate.it;

import com.sun.net.httpserver.HttpServer;
import io.cognate.local.LocalCognate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/**
 * The apps of the OAuth tests, made once per stack through the management API: a web app
 * answering on {@code http://localhost:<port>/callback} and {@code /signed-out}, and two app
 * clients for it, a public one (PKCE required) and a confidential one (with a secret).
 */
final class OAuthApps {
    static final String SCOPES = "openid email profile";
    /** One set of apps per stack: the shared stack's, and those of a class that runs its own. */
    private static final Map<LocalCognate, OAuthApps> MADE = new java.util.IdentityHashMap<>();

    final URI callback;
    final URI signedOut;
    final String publicClient;
    final String confidentialClient;
    final String confidentialSecret;

    private OAuthApps(URI callback, URI signedOut, String publicClient, String confidentialClient, String confidentialSecret) {
        this.callback = callback;
        this.signedOut = signedOut;
        this.publicClient = publicClient;
        this.confidentialClient = confidentialClient;
        this.confidentialSecret = confidentialSecret;
    }

    static synchronized OAuthApps on(LocalCognate stack) {
        OAuthApps made = MADE.get(stack);
        if (made != null) {
            return made;
        }
        URI base = startApp();
        URI callback = base.resolve("/callback");
        URI signedOut = base.resolve("/signed-out");
        try (var admin = PoolUsers.adminClient(stack, stack.primary().endpoint(), stack.primary().name())) {
            UserPoolClientType publicClient = admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId())
                    .clientName("hosted-public").generateSecret(false)
                    .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                    .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                    .allowedOAuthScopes("openid", "email", "profile")
                    .callbackURLs(callback.toString()).logoutURLs(signedOut.toString())
                    .supportedIdentityProviders("COGNITO")).userPoolClient();
            UserPoolClientType confidential = admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId())
                    .clientName("hosted-confidential").generateSecret(true)
                    .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                    .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                    .allowedOAuthScopes("openid", "email")
                    .callbackURLs(callback.toString()).logoutURLs(signedOut.toString())
                    .supportedIdentityProviders("COGNITO")).userPoolClient();
            made = new OAuthApps(callback, signedOut, publicClient.clientId(), confidential.clientId(),
                    confidential.clientSecret());
            MADE.put(stack, made);
        }
        Accounts.awaitReplicated(stack);
        return made;
    }

    /** The app's pages answer 200 with a word, so a browser that lands there stops there. */
    private static URI startApp() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = "<html><body>app</body></html>".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(null);
            server.start();
            // A daemon thread: the server lives as long as the test run; "localhost" as Cognito
            // allows plain HTTP only there.
            return URI.create("http://localhost:" + server.getAddress().getPort());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** An authorization request's parameters for the public client with this PKCE challenge. */
    Map<String, String> authorize(String clientId, String challenge, String state, String nonce) {
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("response_type", "code");
        parameters.put("client_id", clientId);
        parameters.put("redirect_uri", callback.toString());
        parameters.put("scope", clientId.equals(publicClient) ? SCOPES : "openid email");
        parameters.put("state", state);
        parameters.put("nonce", nonce);
        if (challenge != null) {
            parameters.put("code_challenge", challenge);
            parameters.put("code_challenge_method", "S256");
        }
        return parameters;
    }
}
