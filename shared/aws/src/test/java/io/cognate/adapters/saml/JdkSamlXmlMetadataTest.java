package io.cognate.adapters.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.federation.saml.SamlRejected;
import io.cognate.testing.saml.TestSamlIdp;
import org.junit.jupiter.api.Test;

/** Importing an IdP's metadata (EntityDescriptor), and refusing metadata that is unsafe to parse. */
class JdkSamlXmlMetadataTest {
    private final JdkSamlXml xml = new JdkSamlXml();
    private final TestSamlIdp idp = TestSamlIdp.trusted();

    @Test
    void readsEntityIdEndpointsCertificateAndNameIdFormats() {
        var metadata = xml.readMetadata(idp.metadataXml());
        assertThat(metadata.entityId()).isEqualTo(TestSamlIdp.ENTITY_ID);
        assertThat(metadata.ssoRedirectUrl()).isEqualTo(TestSamlIdp.SSO_URL);
        assertThat(metadata.ssoPostUrl()).isEqualTo("https://idp.example.test/sso-post");
        assertThat(metadata.sloUrl()).isEqualTo("https://idp.example.test/slo");
        assertThat(metadata.signingCertificates()).containsExactly(idp.certificateBase64());
        assertThat(metadata.nameIdFormats()).containsExactly("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
    }

    @Test
    void encryptionOnlyKeysAreNotSigningKeys() {
        String encryptionOnly = idp.metadataXml().replace("use=\"signing\"", "use=\"encryption\"");
        assertThatThrownBy(() -> xml.readMetadata(encryptionOnly)).isInstanceOf(SamlRejected.class)
                .hasMessageContaining("signing certificate");
    }

    @Test
    void anExternalEntityIsNeverResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE md:EntityDescriptor [<!ENTITY id SYSTEM \"file:///etc/hostname\">]>"
                + idp.metadataXml().replace("entityID=\"" + TestSamlIdp.ENTITY_ID + "\"", "entityID=\"&id;\"");
        assertThatThrownBy(() -> xml.readMetadata(xxe)).isInstanceOf(SamlRejected.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void anyDoctypeIsRefused() {
        String dtd = "<?xml version=\"1.0\"?><!DOCTYPE md:EntityDescriptor SYSTEM \"http://127.0.0.1:1/evil.dtd\">"
                + idp.metadataXml();
        assertThatThrownBy(() -> xml.readMetadata(dtd)).isInstanceOf(SamlRejected.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void somethingElseThanAnEntityDescriptorOrTooMuchIsRefused() {
        assertThatThrownBy(() -> xml.readMetadata("<x/>")).isInstanceOf(SamlRejected.class);
        assertThatThrownBy(() -> xml.readMetadata("<x>" + " ".repeat(JdkSamlXml.MAX_METADATA_CHARS) + "</x>"))
                .isInstanceOf(SamlRejected.class).hasMessageContaining("too long");
        assertThatThrownBy(() -> xml.readMetadata(idp.metadataXml().replace("MII", "!!!")))
                .isInstanceOf(SamlRejected.class);
    }
}
