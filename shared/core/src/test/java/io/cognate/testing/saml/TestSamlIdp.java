package io.cognate.testing.saml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A SAML identity provider for tests: its metadata, and responses it builds and signs with the
 * JDK's XML signature API (enveloped, exclusive C14N, RSA-SHA256, its certificate in KeyInfo as
 * real IdPs send it). The keys are fixed RSA-2048 test keys made with
 * {@code openssl req -x509 -newkey rsa:2048 -nodes} (resources beside this class): one the
 * metadata names ({@link #trusted()}), one it does not ({@link #attacker()}).
 */
public final class TestSamlIdp {
    public static final String ENTITY_ID = "https://idp.example.test/saml";
    public static final String SSO_URL = "https://idp.example.test/sso";
    public static final String ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
    public static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

    private final PrivateKey key;
    private final X509Certificate certificate;

    private TestSamlIdp(String name) {
        this.key = privateKey(resource(name + "-key.pem"));
        this.certificate = certificate(resource(name + "-cert.pem"));
    }

    public static TestSamlIdp trusted() {
        return new TestSamlIdp("idp");
    }

    /** Keys the metadata does not name. */
    public static TestSamlIdp attacker() {
        return new TestSamlIdp("attacker");
    }

    public String certificateBase64() {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String metadataXml() {
        return """
                <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="%s">
                  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                    <md:KeyDescriptor use="signing">
                      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>
                %s
                      </ds:X509Certificate></ds:X509Data></ds:KeyInfo>
                    </md:KeyDescriptor>
                    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.test/slo"/>
                    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
                    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.test/sso-post"/>
                    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="%s"/>
                  </md:IDPSSODescriptor>
                </md:EntityDescriptor>
                """.formatted(ENTITY_ID, Base64.getMimeEncoder().encodeToString(Base64.getDecoder().decode(certificateBase64())), SSO_URL);
    }

    /** What one response says; each test changes the field its attack is about. */
    public static final class Response {
        public String responseId = "_r" + java.util.UUID.randomUUID();
        public String assertionId = "_a" + java.util.UUID.randomUUID();
        public String issuer = ENTITY_ID;
        public String destination;
        public String recipient;
        public String inResponseTo;
        public String audience;
        public String nameIdXml = "alice@example.com";
        public String status = "urn:oasis:names:tc:SAML:2.0:status:Success";
        public Instant issued;
        public Instant notOnOrAfter;
        public Map<String, String> attributes = Map.of("email", "alice@example.com", "given_name", "Alice");
        /** False for a response that carries no assertion (an IdP signs its failures too). */
        public boolean withAssertion = true;

        public Response(String acsUrl, String audience, String inResponseTo, Instant now) {
            this.destination = acsUrl;
            this.recipient = acsUrl;
            this.audience = audience;
            this.inResponseTo = inResponseTo;
            this.issued = now;
            this.notOnOrAfter = now.plusSeconds(300);
        }

        public String xml() {
            String inResponse = inResponseTo == null ? "" : " InResponseTo=\"" + inResponseTo + "\"";
            StringBuilder attributeXml = new StringBuilder();
            attributes.forEach((name, value) -> attributeXml.append("<saml:Attribute Name=\"").append(name)
                    .append("\"><saml:AttributeValue>").append(value).append("</saml:AttributeValue></saml:Attribute>"));
            return "<samlp:Response xmlns:samlp=\"" + PROTOCOL_NS + "\" xmlns:saml=\"" + ASSERTION_NS + "\" ID=\"" + responseId
                    + "\" Version=\"2.0\" IssueInstant=\"" + issued + "\" Destination=\"" + destination + "\"" + inResponse + ">"
                    + "<saml:Issuer>" + issuer + "</saml:Issuer>"
                    + "<samlp:Status><samlp:StatusCode Value=\"" + status + "\"/></samlp:Status>"
                    + (withAssertion ? assertionXml(inResponse, attributeXml) : "") + "</samlp:Response>";
        }

        private String assertionXml(String inResponse, StringBuilder attributeXml) {
            return "<saml:Assertion ID=\"" + assertionId + "\" Version=\"2.0\" IssueInstant=\"" + issued + "\">"
                    + "<saml:Issuer>" + issuer + "</saml:Issuer>"
                    + "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">"
                    + nameIdXml + "</saml:NameID>"
                    + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
                    + "<saml:SubjectConfirmationData Recipient=\"" + recipient + "\" NotOnOrAfter=\"" + notOnOrAfter + "\"" + inResponse + "/>"
                    + "</saml:SubjectConfirmation></saml:Subject>"
                    + "<saml:Conditions NotBefore=\"" + issued.minusSeconds(5) + "\" NotOnOrAfter=\"" + notOnOrAfter + "\">"
                    + "<saml:AudienceRestriction><saml:Audience>" + audience + "</saml:Audience></saml:AudienceRestriction>"
                    + "</saml:Conditions>"
                    + "<saml:AuthnStatement AuthnInstant=\"" + issued + "\" SessionIndex=\"_s1\"/>"
                    + "<saml:AttributeStatement>" + attributeXml + "</saml:AttributeStatement>"
                    + "</saml:Assertion>";
        }

        public Document document() {
            return parse(xml());
        }
    }

    /** The response with the Assertion signed (as most IdPs do by default), base64 as posted. */
    public String signedAssertion(Response response) {
        Document document = response.document();
        sign(assertionOf(document));
        return base64(document);
    }

    /** The response with the Response signed and the Assertion not. */
    public String signedResponse(Response response) {
        Document document = response.document();
        sign(document.getDocumentElement());
        return base64(document);
    }

    /** The response with both signed (Assertion first, as the Response signature covers it). */
    public String signedBoth(Response response) {
        Document document = response.document();
        sign(assertionOf(document));
        sign(document.getDocumentElement());
        return base64(document);
    }

    public static Element assertionOf(Document document) {
        return (Element) document.getElementsByTagNameNS(ASSERTION_NS, "Assertion").item(0);
    }

    /** Signs {@code element} in place: an enveloped signature right after its Issuer. */
    public void sign(Element element) {
        element.setIdAttributeNS(null, "ID", true);
        try {
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            var reference = factory.newReference("#" + element.getAttribute("ID"),
                    factory.newDigestMethod(DigestMethod.SHA256, null),
                    List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                    null, null);
            var signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(SignatureMethod.RSA_SHA256, null), List.of(reference));
            var keyInfoFactory = factory.getKeyInfoFactory();
            var keyInfo = keyInfoFactory.newKeyInfo(List.of(keyInfoFactory.newX509Data(List.of(certificate))));
            Node issuer = element.getElementsByTagNameNS(ASSERTION_NS, "Issuer").item(0);
            factory.newXMLSignature(signedInfo, keyInfo).sign(new DOMSignContext(key, element, issuer.getNextSibling()));
        } catch (java.security.GeneralSecurityException | javax.xml.crypto.MarshalException
                | javax.xml.crypto.dsig.XMLSignatureException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Document parse(String xml) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes a posted SAMLResponse for tampering. */
    public static Document decode(String samlResponse) {
        return parse(new String(Base64.getDecoder().decode(samlResponse), StandardCharsets.UTF_8));
    }

    public static String base64(Document document) {
        return Base64.getEncoder().encodeToString(serialize(document).getBytes(StandardCharsets.UTF_8));
    }

    public static String base64(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    public static String serialize(Document document) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty("omit-xml-declaration", "yes");
            var out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = TestSamlIdp.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateKey privateKey(String pem) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
