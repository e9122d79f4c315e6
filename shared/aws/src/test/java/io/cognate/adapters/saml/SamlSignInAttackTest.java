package io.cognate.adapters.saml;

import static io.cognate.testing.saml.TestSamlIdp.ASSERTION_NS;
import static io.cognate.testing.saml.TestSamlIdp.DSIG_NS;
import static io.cognate.testing.saml.TestSamlIdp.PROTOCOL_NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.federation.saml.SamlIdentityProvider;
import io.cognate.domain.federation.saml.SamlIdpMetadata;
import io.cognate.domain.federation.saml.SamlRejected;
import io.cognate.domain.federation.saml.SamlServiceProvider;
import io.cognate.domain.federation.saml.SamlSignIn;
import io.cognate.testing.InMemoryPendingSamlRequests;
import io.cognate.testing.InMemoryUsedSamlAssertions;
import io.cognate.testing.MutableClock;
import io.cognate.testing.saml.TestSamlIdp;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * SAML sign-in end to end below HTTP: {@link SamlSignIn} with the real XML adapter, responses the
 * test IdP signs, and the attacks from the XML signature wrapping literature (Somorovsky et al.,
 * "On Breaking SAML", 2012: XSW1-8) and later ones (comment injection, 2018) refused.
 */
class SamlSignInAttackTest {
    private static final String POOL = "us-east-1_Saml";
    private static final String CONTINUATION = "client_id=app&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final SamlServiceProvider serviceProvider = SamlServiceProvider.of(POOL,
            List.of("https://auth.example.com", "https://us-east-1.auth.example.com"));
    private final JdkSamlXml xml = new JdkSamlXml();
    private final TestSamlIdp idp = TestSamlIdp.trusted();
    private final SamlIdpMetadata metadata = xml.readMetadata(idp.metadataXml());
    private final Map<String, SamlIdentityProvider> providers = Map.of(
            "Corp", new SamlIdentityProvider("Corp", metadata, false, false),
            "CorpStrict", new SamlIdentityProvider("CorpStrict", metadata, false, true),
            "CorpPortal", new SamlIdentityProvider("CorpPortal", metadata, true, false));
    private final InMemoryPendingSamlRequests pending = new InMemoryPendingSamlRequests();
    private final SamlSignIn signIn = new SamlSignIn(serviceProvider, name -> Optional.ofNullable(providers.get(name)),
            xml, pending, new InMemoryUsedSamlAssertions(), clock);

    private SamlSignIn.AuthnRedirect started;

    private TestSamlIdp.Response answer(String provider) {
        started = signIn.start(provider, CONTINUATION);
        return new TestSamlIdp.Response(serviceProvider.assertionConsumerUrl(), serviceProvider.entityId(),
                started.requestId(), clock.instant());
    }

    private SamlSignIn.SignedIn post(String samlResponse) {
        return signIn.finish(samlResponse, started.relayState());
    }

    private void refused(String samlResponse, String reason) {
        refused(samlResponse, started.relayState(), reason);
    }

    private void refused(String samlResponse, String relayState, String reason) {
        assertThatThrownBy(() -> signIn.finish(samlResponse, relayState))
                .isInstanceOf(SamlRejected.class).hasMessageContaining(reason);
    }

    @Test
    void theAuthnRequestIsCognitosRedirectBindingWithTheRequestIdRemembered() throws Exception {
        answer("Corp");
        URI redirect = URI.create(started.url());
        assertThat(redirect.getScheme() + "://" + redirect.getHost() + redirect.getPath()).isEqualTo(TestSamlIdp.SSO_URL);
        Map<String, String> query = query(redirect.getRawQuery());
        assertThat(query.get("RelayState")).isEqualTo(started.relayState()).matches("[0-9a-f]{32}");
        Inflater inflater = new Inflater(true);
        inflater.setInput(Base64.getDecoder().decode(query.get("SAMLRequest")));
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[512];
        while (!inflater.finished()) {
            out.write(buffer, 0, inflater.inflate(buffer));
        }
        Element request = TestSamlIdp.parse(out.toString(StandardCharsets.UTF_8)).getDocumentElement();
        assertThat(request.getLocalName()).isEqualTo("AuthnRequest");
        assertThat(request.getAttribute("ID")).isEqualTo(started.requestId());
        assertThat(request.getAttribute("Destination")).isEqualTo(TestSamlIdp.SSO_URL);
        assertThat(request.getAttribute("AssertionConsumerServiceURL")).isEqualTo("https://auth.example.com/saml2/idpresponse");
        assertThat(request.getElementsByTagNameNS(ASSERTION_NS, "Issuer").item(0).getTextContent())
                .isEqualTo("urn:amazon:cognito:sp:" + POOL);
    }

    @Test
    void aSignedAssertionAnsweringThePendingRequestSignsTheUserIn() {
        var signedIn = post(idp.signedAssertion(answer("Corp")));
        assertThat(signedIn.identity().providerName()).isEqualTo("Corp");
        assertThat(signedIn.identity().providerType()).isEqualTo("SAML");
        assertThat(signedIn.identity().subject()).isEqualTo("alice@example.com");
        assertThat(signedIn.identity().subjectFormat()).endsWith("emailAddress");
        assertThat(signedIn.identity().firstValue("given_name")).isEqualTo("Alice");
        assertThat(signedIn.identity().sessionIndex()).isEqualTo("_s1");
        assertThat(signedIn.continuation()).isEqualTo(CONTINUATION);
        assertThat(signedIn.idpInitiated()).isFalse();
    }

    @Test
    void aSignedResponseSignsTheUserInUnlessTheProviderRequiresASignedAssertion() {
        assertThat(post(idp.signedResponse(answer("Corp"))).identity().subject()).isEqualTo("alice@example.com");
        refused(idp.signedResponse(answer("CorpStrict")), "assertion not signed");
        assertThat(post(idp.signedBoth(answer("CorpStrict"))).identity().subject()).isEqualTo("alice@example.com");
    }

    @Test
    void aResponseAtARegionsOwnConsumerUrlIsAccepted() {
        var response = answer("Corp");
        response.destination = "https://us-east-1.auth.example.com/saml2/idpresponse";
        response.recipient = response.destination;
        assertThat(post(idp.signedBoth(response)).identity().subject()).isEqualTo("alice@example.com");
    }

    @Test
    void aSignatureByTheSecondOfTwoMetadataCertificatesIsAccepted() {
        // Certificate rotation: the metadata names the old certificate first and the new one after it.
        String otherCertificate = "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo xmlns:ds=\"" + DSIG_NS + "\"><ds:X509Data>"
                + "<ds:X509Certificate>" + TestSamlIdp.attacker().certificateBase64() + "</ds:X509Certificate>"
                + "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>";
        String rotating = idp.metadataXml().replace("<md:KeyDescriptor use=\"signing\">", otherCertificate + "<md:KeyDescriptor use=\"signing\">");
        var twoCertificates = xml.readMetadata(rotating);
        assertThat(twoCertificates.signingCertificates()).hasSize(2).endsWith(idp.certificateBase64());
        var rotatingSignIn = new SamlSignIn(serviceProvider,
                name -> Optional.of(new SamlIdentityProvider("Corp", twoCertificates, false, false)), xml, pending,
                new InMemoryUsedSamlAssertions(), clock);
        started = rotatingSignIn.start("Corp", CONTINUATION);
        var response = new TestSamlIdp.Response(serviceProvider.assertionConsumerUrl(), serviceProvider.entityId(),
                started.requestId(), clock.instant());
        assertThat(rotatingSignIn.finish(idp.signedAssertion(response), started.relayState()).identity().subject())
                .isEqualTo("alice@example.com");
    }

    @Test
    void anUnsignedResponseIsRefused() {
        refused(TestSamlIdp.base64(answer("Corp").xml()), "neither response nor assertion signed");
    }

    @Test
    void theWrongAudienceIsRefused() {
        var response = answer("Corp");
        response.audience = "urn:amazon:cognito:sp:us-east-1_Other";
        refused(idp.signedAssertion(response), "audience");
    }

    @Test
    void anExpiredAssertionIsRefused() {
        var response = answer("Corp");
        String signed = idp.signedAssertion(response);
        clock.advance(Duration.ofMinutes(5).plus(SKEW_AND_A_SECOND));
        refused(signed, "expired");
    }

    private static final Duration SKEW_AND_A_SECOND = Duration.ofSeconds(61);

    @Test
    void anAssertionJustInsideItsLifetimeAndTheSkewIsAccepted() {
        var response = answer("Corp");
        String signed = idp.signedAssertion(response);
        clock.advance(Duration.ofMinutes(5).plusSeconds(59));
        assertThat(post(signed).identity().subject()).isEqualTo("alice@example.com");
    }

    @Test
    void aWrongRecipientDestinationOrIssuerIsRefused() {
        var recipient = answer("Corp");
        recipient.recipient = "https://evil.example.com/saml2/idpresponse";
        refused(idp.signedAssertion(recipient), "no bearer confirmation");
        var destination = answer("Corp");
        destination.destination = "https://evil.example.com/saml2/idpresponse";
        refused(idp.signedResponse(destination), "destination");
        var issuer = answer("Corp");
        issuer.issuer = "https://other-idp.example.test";
        refused(idp.signedAssertion(issuer), "issuer");
    }

    @Test
    void aFailedStatusIsRefused() {
        var response = answer("Corp");
        response.status = "urn:oasis:names:tc:SAML:2.0:status:Responder";
        refused(idp.signedBoth(response), "status");
    }

    @Test
    void theSameResponseTwiceIsRefusedTheSecondTime() {
        String signed = idp.signedAssertion(answer("Corp"));
        post(signed);
        refused(signed, "unknown RelayState");
    }

    @Test
    void aResponseToAnotherRequestIsRefused() {
        String first = idp.signedAssertion(answer("Corp"));
        answer("Corp");
        refused(first, "answers another request");
    }

    @Test
    void anUnknownRelayStateIsRefused() {
        String signed = idp.signedAssertion(answer("Corp"));
        refused(signed, "0123456789abcdef0123456789abcdef", "unknown RelayState");
        refused(signed, "", "RelayState missing");
    }

    @Test
    void anIdpInitiatedResponseIsRefusedUnlessTheProviderOptedIn() {
        var response = new TestSamlIdp.Response(serviceProvider.assertionConsumerUrl(), serviceProvider.entityId(), null,
                clock.instant());
        refused(idp.signedAssertion(response), "identity_provider=Corp&client_id=app", "IdP-initiated sign-in is not enabled");
    }

    @Test
    void anIdpInitiatedResponseSignsInOnceWhereTheProviderOptedIn() {
        var response = new TestSamlIdp.Response(serviceProvider.assertionConsumerUrl(), serviceProvider.entityId(), null,
                clock.instant());
        String signed = idp.signedAssertion(response);
        String relayState = "identity_provider=CorpPortal&client_id=app&response_type=code";
        var signedIn = signIn.finish(signed, relayState);
        assertThat(signedIn.idpInitiated()).isTrue();
        assertThat(signedIn.continuation()).isEqualTo(relayState);
        refused(signed, relayState, "assertion replayed");
    }

    @Test
    void anSpInitiatedResponseCannotBePassedOffAsIdpInitiated() {
        String signed = idp.signedAssertion(answer("CorpPortal"));
        refused(signed, "identity_provider=CorpPortal", "answers another request");
    }

    @Test
    void aSignatureByAKeyNotInTheMetadataIsRefusedEvenWithItsCertificateInKeyInfo() {
        // The attacker's certificate travels in the signature's KeyInfo, as an IdP's would.
        refused(TestSamlIdp.attacker().signedAssertion(answer("Corp")), "not valid for any metadata certificate");
        refused(TestSamlIdp.attacker().signedResponse(answer("Corp")), "not valid for any metadata certificate");
    }

    @Test
    void anAttackersCertificateSwappedIntoKeyInfoOfATamperedAssertionIsNotUsed() {
        Document document = TestSamlIdp.decode(idp.signedAssertion(answer("Corp")));
        nameIdOf(document).setTextContent("admin@example.com");
        document.getElementsByTagNameNS(DSIG_NS, "X509Certificate").item(0)
                .setTextContent(TestSamlIdp.attacker().certificateBase64());
        refused(TestSamlIdp.base64(document), "not valid for any metadata certificate");
    }

    @Test
    void aCommentInsertedIntoTheSignedNameIdIsRefused() {
        var response = answer("Corp");
        response.nameIdXml = "user@evil.com.example.com";
        Document document = TestSamlIdp.decode(idp.signedAssertion(response));
        Element nameId = nameIdOf(document);
        nameId.setTextContent("user@evil.com");
        nameId.appendChild(document.createComment(""));
        nameId.appendChild(document.createTextNode(".example.com"));
        // The signature still verifies (exclusive C14N drops comments): the defence is the reader.
        refused(TestSamlIdp.base64(document), "comment");
    }

    @Test
    void aTamperedSignedAssertionIsRefused() {
        Document document = TestSamlIdp.decode(idp.signedAssertion(answer("Corp")));
        nameIdOf(document).setTextContent("admin@example.com");
        refused(TestSamlIdp.base64(document), "not valid");
    }

    @Test
    void twoAssertionsAreRefused() {
        Document document = TestSamlIdp.decode(idp.signedResponse(answer("Corp")));
        Element second = (Element) TestSamlIdp.assertionOf(document).cloneNode(true);
        second.setAttribute("ID", "_second");
        document.getDocumentElement().appendChild(second);
        refused(TestSamlIdp.base64(document), "exactly one Assertion");
    }

    @Test
    void anEncryptedAssertionIsRefused() {
        Document document = TestSamlIdp.decode(idp.signedResponse(answer("Corp")));
        document.getDocumentElement().appendChild(document.createElementNS(ASSERTION_NS, "saml:EncryptedAssertion"));
        refused(TestSamlIdp.base64(document), "encrypted");
    }

    @Test
    void aDoctypeWithAnExternalEntityInTheResponseIsRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + answer("Corp").xml().replace("alice@example.com</saml:NameID>", "&x;</saml:NameID>");
        refused(TestSamlIdp.base64(xxe), "DOCTYPE");
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
                + answer("Corp").xml().replace("alice@example.com</saml:NameID>", "&b;</saml:NameID>");
        refused(TestSamlIdp.base64(laughs), "DOCTYPE");
    }

    @Test
    void anOversizedOrNonBase64ResponseIsRefused() {
        answer("Corp");
        refused("A".repeat(SamlSignIn.MAX_RESPONSE_CHARS + 1), "too long");
        refused("<samlp:Response/>", "not base64");
    }

    // XML signature wrapping: the signed content moved, attacker content where the reader looks.

    @Test
    void xsw1SignedResponseMovedIntoTheSignatureOfAForgedResponse() {
        Document document = TestSamlIdp.decode(idp.signedResponse(answer("Corp")));
        Element forged = document.getDocumentElement();
        Element signature = child(forged, DSIG_NS, "Signature");
        Element original = (Element) forged.cloneNode(true);
        original.removeChild(child(original, DSIG_NS, "Signature"));
        Element object = document.createElementNS(DSIG_NS, "ds:Object");
        object.appendChild(original);
        signature.appendChild(object);
        forged.setAttribute("ID", "_forged");
        nameIdOf(TestSamlIdp.assertionOf(document)).setTextContent("admin@example.com");
        // The wrapped copy carries the signed assertion, whose ID is now in the document twice.
        refused(TestSamlIdp.base64(document), "duplicate ID");
    }

    @Test
    void xsw2SignedResponseDetachedBesideTheSignatureOfAForgedResponse() {
        Document document = TestSamlIdp.decode(idp.signedResponse(answer("Corp")));
        Element forged = document.getDocumentElement();
        Element signature = child(forged, DSIG_NS, "Signature");
        Element original = (Element) forged.cloneNode(true);
        original.removeChild(child(original, DSIG_NS, "Signature"));
        forged.insertBefore(original, signature);
        forged.setAttribute("ID", "_forged");
        // The wrapped copy carries the signed assertion, whose ID is now in the document twice.
        refused(TestSamlIdp.base64(document), "duplicate ID");
    }

    @Test
    void aSignedFailureResponseWrappedAroundAnUnsignedAssertionIsRefused() {
        // An IdP signs its failures too, and those carry no assertion: the attacker wraps such a
        // signed Response inside a forged one whose only assertion is unsigned.
        var failure = answer("Corp");
        failure.withAssertion = false;
        failure.status = "urn:oasis:names:tc:SAML:2.0:status:Responder";
        Document signedFailure = TestSamlIdp.decode(idp.signedResponse(failure));
        Document forged = answer("Corp").document();
        Element forgedResponse = forged.getDocumentElement();
        Element wrapped = (Element) forged.importNode(signedFailure.getDocumentElement(), true);
        Element signature = child(wrapped, DSIG_NS, "Signature");
        wrapped.removeChild(signature);
        Element extensions = forged.createElementNS(PROTOCOL_NS, "samlp:Extensions");
        extensions.appendChild(wrapped);
        Element issuer = child(forgedResponse, ASSERTION_NS, "Issuer");
        forgedResponse.insertBefore(signature, issuer.getNextSibling());
        forgedResponse.insertBefore(extensions, signature.getNextSibling());
        refused(TestSamlIdp.base64(forged), "signature references another element");

        // And with the forged Response taking the signed one's ID, the ID is no longer unique.
        forgedResponse.setAttribute("ID", wrapped.getAttribute("ID"));
        refused(TestSamlIdp.base64(forged), "duplicate ID");
    }

    @Test
    void xsw3ForgedAssertionBeforeTheSignedOne() {
        Document document = TestSamlIdp.decode(idp.signedAssertion(answer("Corp")));
        Element original = TestSamlIdp.assertionOf(document);
        Element forged = (Element) original.cloneNode(true);
        forged.removeChild(child(forged, DSIG_NS, "Signature"));
        forged.setAttribute("ID", "_forged");
        nameIdOf(forged).setTextContent("admin@example.com");
        document.getDocumentElement().insertBefore(forged, original);
        refused(TestSamlIdp.base64(document), "exactly one Assertion");
    }

    @Test
    void xsw3WithTheSameIdAsTheSignedOne() {
        Document document = TestSamlIdp.decode(idp.signedAssertion(answer("Corp")));
        Element original = TestSamlIdp.assertionOf(document);
        Element forged = (Element) original.cloneNode(true);
        forged.removeChild(child(forged, DSIG_NS, "Signature"));
        nameIdOf(forged).setTextContent("admin@example.com");
        document.getDocumentElement().insertBefore(forged, original);
        refused(TestSamlIdp.base64(document), "duplicate ID");
    }

    @Test
    void xsw4SignedAssertionInsideTheForgedOne() {
        Document document = TestSamlIdp.decode(idp.signedAssertion(answer("Corp")));
        Element original = TestSamlIdp.assertionOf(document);
        Element forged = (Element) original.cloneNode(true);
        forged.removeChild(child(forged, DSIG_NS, "Signature"));
        forged.setAttribute("ID", "_forged");
        nameIdOf(forged).setTextContent("admin@example.com");
        document.getDocumentElement().replaceChild(forged, original);
        forged.appendChild(original);
        refused(TestSamlIdp.base64(document), "exactly one Assertion");
    }

    @Test
    void xsw5SignatureCopiedIntoAForgedAssertionWithTheSignedOneAppended() {
        Document document = TestSamlIdp.decode(idp.signedAssertion(answer("Corp")));
        Element original = TestSamlIdp.assertionOf(document);
        Element forged = (Element) original.cloneNode(true);
        forged.setAttribute("ID", "_forged");
        nameIdOf(forged).setTextContent("admin@example.com");
        original.removeChild(child(original, DSIG_NS, "Signature"));
        document.getDocumentElement().insertBefore(forged, original);
        refused(TestSamlIdp.base64(document), "exactly one Assertion");
    }

    @Test
    void xsw5WithTheSignedAssertionRemovedLeavesASignatureThatDoesNotVerify() {
        Document document = TestSamlIdp.decode(idp.signedAssertion(answer("Corp")));
        Element only = TestSamlIdp.assertionOf(document);
        nameIdOf(only).setTextContent("admin@example.com");
        refused(TestSamlIdp.base64(document), "not valid");
    }

    @Test
    void xsw6SignedAssertionInsideTheSignatureOfAForgedOne() {
        Document document = TestSamlIdp.decode(idp.signedAssertion(answer("Corp")));
        Element original = TestSamlIdp.assertionOf(document);
        Element forged = (Element) original.cloneNode(true);
        forged.setAttribute("ID", "_forged");
        nameIdOf(forged).setTextContent("admin@example.com");
        Element signature = child(forged, DSIG_NS, "Signature");
        Element inner = (Element) original.cloneNode(true);
        inner.removeChild(child(inner, DSIG_NS, "Signature"));
        Element object = document.createElementNS(DSIG_NS, "ds:Object");
        object.appendChild(inner);
        signature.appendChild(object);
        document.getDocumentElement().replaceChild(forged, original);
        refused(TestSamlIdp.base64(document), "exactly one Assertion");
    }

    @Test
    void xsw7SignedAssertionInExtensionsBesideAForgedOne() {
        Document document = TestSamlIdp.decode(idp.signedAssertion(answer("Corp")));
        Element response = document.getDocumentElement();
        Element original = TestSamlIdp.assertionOf(document);
        Element forged = (Element) original.cloneNode(true);
        forged.removeChild(child(forged, DSIG_NS, "Signature"));
        forged.setAttribute("ID", "_forged");
        nameIdOf(forged).setTextContent("admin@example.com");
        Element extensions = document.createElementNS(PROTOCOL_NS, "samlp:Extensions");
        response.replaceChild(forged, original);
        extensions.appendChild(original);
        response.insertBefore(extensions, forged);
        refused(TestSamlIdp.base64(document), "exactly one Assertion");
    }

    @Test
    void xsw8SignedAssertionInAnObjectOfTheForgedAssertionsSignature() {
        Document document = TestSamlIdp.decode(idp.signedAssertion(answer("Corp")));
        Element original = TestSamlIdp.assertionOf(document);
        Element forged = (Element) original.cloneNode(true);
        nameIdOf(forged).setTextContent("admin@example.com");
        Element signature = child(forged, DSIG_NS, "Signature");
        Element inner = (Element) original.cloneNode(true);
        inner.removeChild(child(inner, DSIG_NS, "Signature"));
        Element object = document.createElementNS(DSIG_NS, "ds:Object");
        object.appendChild(inner);
        signature.appendChild(object);
        document.getDocumentElement().replaceChild(forged, original);
        refused(TestSamlIdp.base64(document), "duplicate ID");
    }

    @Test
    void aSignaturePlacedOutsideTheResponseAndAssertionIsRefused() {
        Document document = TestSamlIdp.decode(idp.signedAssertion(answer("Corp")));
        Element original = TestSamlIdp.assertionOf(document);
        Element signature = child(original, DSIG_NS, "Signature");
        original.removeChild(signature);
        Element subject = child(original, ASSERTION_NS, "Subject");
        subject.appendChild(signature);
        refused(TestSamlIdp.base64(document), "signature outside");
    }

    private static Element nameIdOf(Document document) {
        return nameIdOf(TestSamlIdp.assertionOf(document));
    }

    private static Element nameIdOf(Element assertion) {
        return (Element) assertion.getElementsByTagNameNS(ASSERTION_NS, "NameID").item(0);
    }

    private static Element child(Element parent, String namespace, String localName) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && namespace.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        throw new AssertionError("no " + localName);
    }

    private static Map<String, String> query(String rawQuery) {
        var parameters = new java.util.HashMap<String, String>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
