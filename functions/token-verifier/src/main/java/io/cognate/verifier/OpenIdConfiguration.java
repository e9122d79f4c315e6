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
        // Exactly what identity-api serves: the code flow with S256 PKCE, no implicit flow, no
        // end_session_endpoint (Cognito's /logout takes its own parameters and is not advertised).
        doc.put("authorization_endpoint", issuer + "/oauth2/authorize");
        doc.put("token_endpoint", issuer + "/oauth2/token");
        doc.put("userinfo_endpoint", issuer + "/oauth2/userInfo");
        doc.put("revocation_endpoint", issuer + "/oauth2/revoke");
        doc.put("response_types_supported", List.of("code"));
        doc.put("response_modes_supported", List.of("query"));
        doc.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        doc.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        doc.put("scopes_supported", List.of("openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"));
        doc.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "token_use",
                "cognito:username", "cognito:groups", "email", "email_verified", "phone_number",
                "phone_number_verified", "name", "given_name", "family_name"));
        doc.put("prompt_values_supported", List.of("login", "none"));
        return JSONObjectUtils.toJSONString(doc);
    }
}
