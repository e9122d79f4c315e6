package io.cognate.verifier;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenID Connect discovery document (OpenID Connect Discovery 1.0 §3) for the issuer.
 * Written with Nimbus's JSON writer: the token-verifier jar carries no Jackson.
 */
final class OpenIdConfiguration {
    private OpenIdConfiguration() {
    }

    static String json(String issuer) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("jwks_uri", issuer + WellKnownHandler.JWKS_PATH);
        doc.put("token_endpoint", issuer + "/oauth2/token");
        doc.put("response_types_supported", List.of("token"));
        doc.put("grant_types_supported", List.of("client_credentials"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        doc.put("scopes_supported", List.of("openid", "email", "profile", "aws.cognito.signin.user.admin"));
        doc.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "token_use",
                "cognito:username", "email", "email_verified"));
        return JSONObjectUtils.toJSONString(doc);
    }
}
