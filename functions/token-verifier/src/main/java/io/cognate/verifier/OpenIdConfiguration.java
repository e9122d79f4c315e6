package io.cognate.verifier;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The OpenID Connect discovery document (OpenID Connect Discovery 1.0 §3) for the issuer. */
final class OpenIdConfiguration {
    private OpenIdConfiguration() {
    }

    static String json(String issuer) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("issuer", issuer);
        doc.put("jwks_uri", issuer + WellKnownHandler.JWKS_PATH);
        doc.put("token_endpoint", issuer + "/oauth2/token");
        doc.putArray("response_types_supported").add("token");
        doc.putArray("subject_types_supported").add("public");
        doc.putArray("id_token_signing_alg_values_supported").add("RS256");
        doc.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic").add("client_secret_post");
        doc.putArray("scopes_supported").add("openid").add("email").add("profile").add("aws.cognito.signin.user.admin");
        doc.putArray("claims_supported").add("sub").add("iss").add("aud").add("exp").add("iat").add("auth_time")
                .add("token_use").add("cognito:username").add("email").add("email_verified");
        return doc.toString();
    }
}
