package io.cognate.adapters.saml;

import io.cognate.domain.federation.saml.SamlRejected;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The one way SAML XML is parsed: namespace-aware, and closed to what makes XML dangerous to
 * parse. A DOCTYPE is refused outright (SAML never needs one; refusing it stops XXE, entity
 * expansion "billion laughs" and DTD-declared ID attributes that would move what a signature
 * reference points at); no external entity, DTD or schema is fetched; XInclude is off; secure
 * processing caps what remains.
 */
final class SafeXml {
    private static final DocumentBuilderFactory FACTORY = factory();

    private SafeXml() {
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setValidating(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException unsupported) {
            throw new IllegalStateException("the JDK's XML parser lacks a safety feature", unsupported);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    /** The document in {@code xml}, or {@link SamlRejected} if it is not well-formed or not safe. */
    static Document parse(byte[] xml) {
        try {
            DocumentBuilder builder;
            synchronized (FACTORY) {
                builder = FACTORY.newDocumentBuilder();
            }
            // Silence the parser's own printing of errors: they carry pieces of the message.
            builder.setErrorHandler(new DefaultHandler());
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused");
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException | IOException | ParserConfigurationException refused) {
            throw new SamlRejected("XML not well-formed or unsafe (DOCTYPE, entity)");
        }
    }
}
