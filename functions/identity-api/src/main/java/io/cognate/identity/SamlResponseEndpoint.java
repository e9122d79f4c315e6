package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.domain.clients.OAuthError;
import io.cognate.domain.federation.saml.SamlRejected;
import io.cognate.domain.federation.saml.SamlSignIn;
import io.cognate.http.HttpApiEvents;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /saml2/idpresponse}, Cognito's assertion consumer: the HTTP-POST binding's form
 * ({@code SAMLResponse}, {@code RelayState}; Cognito's documentation also spells it
 * {@code Relaystate}). Every refusal is the same 400, whichever check failed; the log names the
 * check, never a value of the message.
 */
final class SamlResponseEndpoint {
    static final String PATH = "/saml2/idpresponse";
    /** A SAMLResponse of 100,000 characters (Cognito's limit), form-encoded, plus the RelayState. */
    static final int MAX_BODY_BYTES = 3 * SamlSignIn.MAX_RESPONSE_CHARS + 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(SamlResponseEndpoint.class);
    private static final String INVALID = "{\"error\":\"invalid_request\",\"error_description\":\"Invalid SAML response.\"}";

    private final Supplier<SamlSignIn> signIn;
    private final UpstreamSignInCompletion completion;

    /** The pool's issuer, to tell a post to the pool's domain from one to a region's own. */
    private final Supplier<String> issuer;

    SamlResponseEndpoint(Supplier<SamlSignIn> signIn, UpstreamSignInCompletion completion, Supplier<String> issuer) {
        this.signIn = signIn;
        this.completion = completion;
        this.issuer = issuer;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        String requestId = HttpApiEvents.requestId(event);
        try {
            String contentType = HttpApiEvents.header(event, "content-type").orElse("").toLowerCase(Locale.ROOT);
            if (!contentType.split(";")[0].strip().equals("application/x-www-form-urlencoded")) {
                throw new SamlRejected("not a form post");
            }
            byte[] bytes = HttpApiEvents.bodyBytes(event);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new SamlRejected("body too large");
            }
            FormBody form = FormBody.parse(bytes);
            String relayState = form.get("RelayState").or(() -> form.get("Relaystate")).orElse(null);
            // Addressed to the domain it came in at: the pool's, or this region's own.
            SamlSignIn.SignedIn signedIn = signIn.get().finish(form.get("SAMLResponse").orElse(null), relayState,
                    FederatedLanding.idpResponseUri(issuer.get(), event).resolve(PATH).toString());
            LOG.info("operation=saml2/idpresponse outcome=verified provider={} idpInitiated={} requestId={}",
                    signedIn.identity().providerName(), signedIn.idpInitiated(), requestId);
            return completion.complete(signedIn);
        } catch (SamlRejected e) {
            LOG.info("operation=saml2/idpresponse outcome=refused reason={} requestId={}", e.reason().replace(' ', '-'), requestId);
            return HttpApiEvents.json(400, INVALID, Map.of("cache-control", "no-store"));
        } catch (OAuthError e) {
            LOG.info("operation=saml2/idpresponse outcome=refused reason=malformed-form requestId={}", requestId);
            return HttpApiEvents.json(400, INVALID, Map.of("cache-control", "no-store"));
        } catch (RuntimeException e) {
            // Only the class: messages of SDK or XML errors could quote the request.
            LOG.error("operation=saml2/idpresponse outcome=server_error requestId={} cause={}", requestId, e.getClass().getName());
            return HttpApiEvents.json(500, "{\"error\":\"server_error\"}", Map.of("cache-control", "no-store"));
        }
    }
}
