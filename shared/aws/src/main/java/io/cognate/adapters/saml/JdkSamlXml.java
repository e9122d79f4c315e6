package io.cognate.adapters.saml;

import io.cognate.domain.federation.saml.SamlIdpMetadata;
import io.cognate.domain.federation.saml.SamlRejected;
import io.cognate.domain.federation.saml.SamlResponseFacts;
import io.cognate.ports.SamlXml;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * SAML metadata and responses with the JDK's own XML parser and XML digital signature API
 * (OpenSAML is not available here, and the JDK's is maintained with the JDK).
 *
 * <p>The signature checks are built against XML signature wrapping: IDs are registered
 * explicitly (only the SAML {@code ID} attribute, each value once in the document); a signature
 * counts only as the direct child of the Response or of the Assertion, with exactly one
 * Reference whose URI is {@code #} + that element's ID, only the enveloped-signature and
 * exclusive C14N transforms, and a key from the provider's metadata (a KeyInfo in the message is
 * never read); there must be exactly one Assertion, a direct child of the Response, and no other
 * Signature anywhere; every value is read from that one Assertion and that Response by direct
 * child steps, so nothing is read from outside what was verified. A value holding anything but
 * text (a comment, an element) is refused, as a comment can split a NameID into a part the
 * signature covers and a part a careless reader drops.
 */
public final class JdkSamlXml implements SamlXml {
    static final String METADATA = "urn:oasis:names:tc:SAML:2.0:metadata";
    static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    static final String POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
    /** A metadata file of one provider: Azure AD's runs to ~40 KB with two certificates; 1 MB is ample. */
    static final int MAX_METADATA_CHARS = 1_000_000;
    /**
     * RSA with SHA-256 or SHA-512 only. SHA-1 is refused: collisions are practical (SHAttered 2017,
     * chosen-prefix 2020), and every IdP in use today signs with SHA-256 by default.
     */
    private static final Set<String> SIGNATURE_METHODS = Set.of(SignatureMethod.RSA_SHA256, SignatureMethod.RSA_SHA512);
    private static final Set<String> DIGEST_METHODS = Set.of(DigestMethod.SHA256, DigestMethod.SHA512);
    private static final Set<String> TRANSFORMS = Set.of(Transform.ENVELOPED, CanonicalizationMethod.EXCLUSIVE);

    @Override
    public SamlIdpMetadata readMetadata(String entityDescriptorXml) {
        if (entityDescriptorXml == null || entityDescriptorXml.length() > MAX_METADATA_CHARS) {
            throw new SamlRejected("metadata missing or too long");
        }
        Element root = SafeXml.parse(entityDescriptorXml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        if (!is(root, METADATA, "EntityDescriptor")) {
            throw new SamlRejected("metadata is not an EntityDescriptor");
        }
        List<Element> descriptors = children(root, METADATA, "IDPSSODescriptor");
        if (descriptors.size() != 1) {
            throw new SamlRejected("metadata without exactly one IDPSSODescriptor");
        }
        Element idp = descriptors.get(0);
        List<String> certificates = new ArrayList<>();
        for (Element keyDescriptor : children(idp, METADATA, "KeyDescriptor")) {
            String use = keyDescriptor.getAttribute("use");
            if (!use.isEmpty() && !"signing".equals(use)) {
                continue;
            }
            for (Element keyInfo : children(keyDescriptor, XMLSignature.XMLNS, "KeyInfo")) {
                for (Element x509Data : children(keyInfo, XMLSignature.XMLNS, "X509Data")) {
                    for (Element certificate : children(x509Data, XMLSignature.XMLNS, "X509Certificate")) {
                        String der = text(certificate).replaceAll("\\s", "");
                        certificate(der);
                        certificates.add(der);
                    }
                }
            }
        }
        List<String> nameIdFormats = children(idp, METADATA, "NameIDFormat").stream().map(JdkSamlXml::text).toList();
        return new SamlIdpMetadata(root.getAttribute("entityID"),
                endpoint(idp, "SingleSignOnService", REDIRECT_BINDING), endpoint(idp, "SingleSignOnService", POST_BINDING),
                firstNonEmpty(endpoint(idp, "SingleLogoutService", REDIRECT_BINDING), endpoint(idp, "SingleLogoutService", POST_BINDING)),
                certificates, nameIdFormats);
    }

    @Override
    public SamlResponseFacts readSignedResponse(String samlResponseBase64, List<String> signingCertificates,
            boolean assertionSignatureRequired) {
        byte[] xml;
        try {
            // Strict base64 once line breaks are gone: the MIME decoder would skip any stray character.
            xml = Base64.getDecoder().decode(samlResponseBase64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException notBase64) {
            throw new SamlRejected("SAMLResponse is not base64");
        }
        Document document = SafeXml.parse(xml);
        Element response = document.getDocumentElement();
        if (!is(response, PROTOCOL, "Response")) {
            throw new SamlRejected("not a SAML Response");
        }
        registerIds(response);
        if (document.getElementsByTagNameNS(ASSERTION, "EncryptedAssertion").getLength() > 0) {
            throw new SamlRejected("encrypted assertions are not supported");
        }
        NodeList assertions = document.getElementsByTagNameNS(ASSERTION, "Assertion");
        if (assertions.getLength() != 1) {
            throw new SamlRejected("response without exactly one Assertion");
        }
        Element assertion = (Element) assertions.item(0);
        if (assertion.getParentNode() != response) {
            throw new SamlRejected("assertion is not a child of the response");
        }
        List<Element> responseSignatures = children(response, XMLSignature.XMLNS, "Signature");
        List<Element> assertionSignatures = children(assertion, XMLSignature.XMLNS, "Signature");
        if (document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature").getLength()
                != responseSignatures.size() + assertionSignatures.size()) {
            throw new SamlRejected("signature outside the response and assertion");
        }
        List<PublicKey> keys = signingCertificates.stream().map(der -> certificate(der).getPublicKey()).toList();
        boolean responseSigned = verified(response, responseSignatures, keys);
        boolean assertionSigned = verified(assertion, assertionSignatures, keys);
        if (assertionSignatureRequired ? !assertionSigned : !(responseSigned || assertionSigned)) {
            throw new SamlRejected(assertionSignatureRequired ? "assertion not signed" : "neither response nor assertion signed");
        }
        Element status = only(response, PROTOCOL, "Status");
        Element statusCode = status == null ? null : only(status, PROTOCOL, "StatusCode");
        return new SamlResponseFacts(attribute(response, "ID"), attribute(response, "Destination"),
                attribute(response, "InResponseTo"), childText(response, ASSERTION, "Issuer"),
                statusCode == null ? null : attribute(statusCode, "Value"), responseSigned,
                assertionFacts(assertion, assertionSigned));
    }

    private static SamlResponseFacts.Assertion assertionFacts(Element assertion, boolean signed) {
        Element subject = only(assertion, ASSERTION, "Subject");
        Element nameId = subject == null ? null : only(subject, ASSERTION, "NameID");
        List<SamlResponseFacts.SubjectConfirmation> confirmations = new ArrayList<>();
        if (subject != null) {
            for (Element confirmation : children(subject, ASSERTION, "SubjectConfirmation")) {
                Element data = only(confirmation, ASSERTION, "SubjectConfirmationData");
                confirmations.add(new SamlResponseFacts.SubjectConfirmation(attribute(confirmation, "Method"),
                        data == null ? null : attribute(data, "Recipient"), data == null ? null : time(data, "NotBefore"),
                        data == null ? null : time(data, "NotOnOrAfter"), data == null ? null : attribute(data, "InResponseTo")));
            }
        }
        Element conditions = only(assertion, ASSERTION, "Conditions");
        List<List<String>> audiences = new ArrayList<>();
        if (conditions != null) {
            for (Element restriction : children(conditions, ASSERTION, "AudienceRestriction")) {
                audiences.add(children(restriction, ASSERTION, "Audience").stream().map(JdkSamlXml::text).toList());
            }
        }
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (Element statement : children(assertion, ASSERTION, "AttributeStatement")) {
            for (Element attribute : children(statement, ASSERTION, "Attribute")) {
                List<String> values = attributes.computeIfAbsent(attribute.getAttribute("Name"), name -> new ArrayList<>());
                children(attribute, ASSERTION, "AttributeValue").forEach(value -> values.add(text(value)));
            }
        }
        Element authn = children(assertion, ASSERTION, "AuthnStatement").stream().findFirst().orElse(null);
        return new SamlResponseFacts.Assertion(attribute(assertion, "ID"), childText(assertion, ASSERTION, "Issuer"), signed,
                nameId == null ? null : text(nameId), nameId == null ? null : attribute(nameId, "Format"), confirmations,
                conditions == null ? null : time(conditions, "NotBefore"),
                conditions == null ? null : time(conditions, "NotOnOrAfter"), audiences, attributes,
                authn == null ? null : attribute(authn, "SessionIndex"));
    }

    /**
     * Registers each element's {@code ID} as its XML ID, refusing a value seen twice, also against
     * the other attributes a signature library or reader may take for an ID ({@code Id},
     * {@code id}, {@code xml:id}): a reference must resolve to one element, and the one whose ID
     * was checked.
     */
    private static void registerIds(Element root) {
        Set<String> seen = new HashSet<>();
        NodeList all = root.getOwnerDocument().getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            NamedNodeMap attributes = element.getAttributes();
            for (int a = 0; a < attributes.getLength(); a++) {
                Attr attribute = (Attr) attributes.item(a);
                String name = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
                if (("ID".equals(name) || "Id".equals(name) || "id".equals(name)) && !seen.add(attribute.getValue())) {
                    throw new SamlRejected("duplicate ID in the response");
                }
            }
            if (element.hasAttributeNS(null, "ID")) {
                element.setIdAttributeNS(null, "ID", true);
            }
        }
    }

    /**
     * Whether {@code signatures} (the direct ds:Signature children of {@code signed}) hold a valid
     * signature of {@code signed} by one of {@code keys}: false if there is none, refused if there
     * are several or the one there fails any check.
     */
    private static boolean verified(Element signed, List<Element> signatures, List<PublicKey> keys) {
        if (signatures.isEmpty()) {
            return false;
        }
        if (signatures.size() > 1) {
            throw new SamlRejected("more than one signature on an element");
        }
        String id = signed.getAttributeNS(null, "ID");
        if (id.isEmpty()) {
            throw new SamlRejected("signed element without ID");
        }
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        for (PublicKey key : keys) {
            // The key is given: the signature's own KeyInfo, if any, is never consulted.
            DOMValidateContext context = new DOMValidateContext(key, signatures.get(0));
            context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
            try {
                XMLSignature signature = factory.unmarshalXMLSignature(context);
                checkShape(signature, id);
                if (signature.validate(context)) {
                    return true;
                }
            } catch (MarshalException | XMLSignatureException | ClassCastException malformed) {
                throw new SamlRejected("signature malformed or of a refused algorithm");
            }
        }
        throw new SamlRejected("signature not valid for any metadata certificate");
    }

    private static void checkShape(XMLSignature signature, String signedId) {
        var signedInfo = signature.getSignedInfo();
        if (!CanonicalizationMethod.EXCLUSIVE.equals(signedInfo.getCanonicalizationMethod().getAlgorithm())) {
            throw new SamlRejected("canonicalization is not exclusive C14N");
        }
        if (!SIGNATURE_METHODS.contains(signedInfo.getSignatureMethod().getAlgorithm())) {
            throw new SamlRejected("signature algorithm refused");
        }
        if (signedInfo.getReferences().size() != 1) {
            throw new SamlRejected("signature without exactly one reference");
        }
        Reference reference = (Reference) signedInfo.getReferences().get(0);
        if (!("#" + signedId).equals(reference.getURI())) {
            throw new SamlRejected("signature references another element");
        }
        if (!DIGEST_METHODS.contains(reference.getDigestMethod().getAlgorithm())) {
            throw new SamlRejected("digest algorithm refused");
        }
        for (Object transform : reference.getTransforms()) {
            if (!TRANSFORMS.contains(((Transform) transform).getAlgorithm())) {
                throw new SamlRejected("transform refused");
            }
        }
    }

    static X509Certificate certificate(String base64Der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64Der)));
        } catch (CertificateException | IllegalArgumentException unreadable) {
            throw new SamlRejected("unreadable signing certificate");
        }
    }

    private static String endpoint(Element idp, String service, String binding) {
        return children(idp, METADATA, service).stream()
                .filter(element -> binding.equals(element.getAttribute("Binding")))
                .map(element -> element.getAttribute("Location")).findFirst().orElse("");
    }

    private static String firstNonEmpty(String first, String second) {
        return first.isEmpty() ? second : first;
    }

    private static boolean is(Element element, String namespace, String localName) {
        return namespace.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }

    private static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && is(element, namespace, localName)) {
                found.add(element);
            }
        }
        return found;
    }

    /** The one such child, null if none; refused if several (which one would count is ambiguous). */
    private static Element only(Element parent, String namespace, String localName) {
        List<Element> found = children(parent, namespace, localName);
        if (found.size() > 1) {
            throw new SamlRejected("more than one " + localName);
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static String childText(Element parent, String namespace, String localName) {
        Element child = only(parent, namespace, localName);
        return child == null ? null : text(child);
    }

    /** The element's text, refused if anything but text (a comment, an element) is inside. */
    private static String text(Element element) {
        StringBuilder text = new StringBuilder();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() != Node.TEXT_NODE && child.getNodeType() != Node.CDATA_SECTION_NODE) {
                throw new SamlRejected("value holding a comment or an element");
            }
            text.append(child.getNodeValue());
        }
        return text.toString().strip();
    }

    private static String attribute(Element element, String name) {
        return element.hasAttributeNS(null, name) ? element.getAttributeNS(null, name) : null;
    }

    private static Instant time(Element element, String name) {
        String value = attribute(element, name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException malformed) {
            throw new SamlRejected("malformed time");
        }
    }
}
