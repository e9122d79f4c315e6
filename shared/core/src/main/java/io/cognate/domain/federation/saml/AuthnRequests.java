package io.cognate.domain.federation.saml;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.zip.Deflater;

/**
 * SP-initiated sign-in's AuthnRequest, as Cognito sends it (Issuer
 * {@code urn:amazon:cognito:sp:<poolId>}, the pool domain's {@code /saml2/idpresponse} as
 * AssertionConsumerServiceURL, or a region's own when the browser reached it directly;
 * responses by HTTP-POST), and its HTTP-Redirect binding encoding
 * (SAML Bindings 3.4.4.1: raw DEFLATE, base64, URL-encoded, RelayState beside it). Requests are
 * not signed: the provider learns nothing it could misuse from one, and the answer is bound to it
 * by {@code InResponseTo}.
 */
public final class AuthnRequests {
    private AuthnRequests() {
    }

    /** The AuthnRequest XML for {@code requestId}, addressed to {@code destination}. */
    public static String xml(SamlServiceProvider serviceProvider, String requestId, String destination, Instant issueInstant) {
        return "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""
                + " ID=\"" + escape(requestId) + "\" Version=\"2.0\""
                + " IssueInstant=\"" + issueInstant.truncatedTo(ChronoUnit.SECONDS) + "\""
                + " Destination=\"" + escape(destination) + "\""
                + " AssertionConsumerServiceURL=\"" + escape(serviceProvider.assertionConsumerUrl()) + "\""
                + " ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\">"
                + "<saml:Issuer>" + escape(serviceProvider.entityId()) + "</saml:Issuer>"
                + "<samlp:NameIDPolicy AllowCreate=\"true\"/>"
                + "</samlp:AuthnRequest>";
    }

    /** The browser redirect that carries {@code xml} and {@code relayState} to {@code ssoRedirectUrl}. */
    public static String redirectUrl(String ssoRedirectUrl, String xml, String relayState) {
        return ssoRedirectUrl + (ssoRedirectUrl.contains("?") ? "&" : "?")
                + "SAMLRequest=" + URLEncoder.encode(Base64.getEncoder().encodeToString(deflate(xml)), StandardCharsets.UTF_8)
                + "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8);
    }

    private static byte[] deflate(String xml) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(xml.getBytes(StandardCharsets.UTF_8));
            deflater.finish();
            var out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
