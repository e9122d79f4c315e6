package io.cognate.domain.federation.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks on what a signed response says, one at a time, on facts as the XML adapter reads them. */
class SamlResponseRulesTest {
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final String ENTITY = "https://idp.example";
    private static final String ACS = "https://auth.example.com/saml2/idpresponse";
    private static final String REQUEST = "_req1";

    private final SamlServiceProvider serviceProvider = SamlServiceProvider.of("us-east-1_P", List.of("https://auth.example.com/"));
    private final SamlIdentityProvider provider = new SamlIdentityProvider("Corp",
            new SamlIdpMetadata(ENTITY, "https://idp.example/sso", "", "", List.of("MIIB"), List.of()), false, false);

    private static SamlResponseFacts.SubjectConfirmation bearer(String inResponseTo) {
        return new SamlResponseFacts.SubjectConfirmation("urn:oasis:names:tc:SAML:2.0:cm:bearer", ACS, null,
                NOW.plusSeconds(300), inResponseTo);
    }

    private static SamlResponseFacts.Assertion assertion(List<SamlResponseFacts.SubjectConfirmation> confirmations,
            List<List<String>> audiences, Instant notBefore, Instant notOnOrAfter) {
        return new SamlResponseFacts.Assertion("_a1", ENTITY, true, "alice", null, confirmations, notBefore, notOnOrAfter,
                audiences, Map.of(), null);
    }

    private static final List<List<String>> POOL_AUDIENCE = List.of(List.of("urn:amazon:cognito:sp:us-east-1_P"));

    private static SamlResponseFacts facts(SamlResponseFacts.Assertion assertion) {
        return new SamlResponseFacts("_r1", ACS, REQUEST, ENTITY, "urn:oasis:names:tc:SAML:2.0:status:Success", false, assertion);
    }

    private Instant check(SamlResponseFacts.Assertion assertion, String expected) {
        return SamlResponseRules.check(facts(assertion), provider, serviceProvider, expected, NOW);
    }

    @Test
    void theServiceProviderIsCognitosEntityIdAndConsumerPath() {
        assertThat(serviceProvider.entityId()).isEqualTo("urn:amazon:cognito:sp:us-east-1_P");
        assertThat(serviceProvider.assertionConsumerUrl()).isEqualTo(ACS);
    }

    @Test
    void aGoodAnswerIsAcceptedAndRememberedUntilItExpiresPlusTheSkew() {
        Instant until = check(assertion(List.of(bearer(REQUEST)), POOL_AUDIENCE, NOW.minusSeconds(5), NOW.plusSeconds(300)), REQUEST);
        assertThat(until).isEqualTo(NOW.plusSeconds(300).plus(SamlResponseRules.CLOCK_SKEW));
    }

    @Test
    void everyAudienceRestrictionMustNameThePool() {
        var twoRestrictions = List.of(List.of("urn:amazon:cognito:sp:us-east-1_P"), List.of("urn:other"));
        assertThatThrownBy(() -> check(assertion(List.of(bearer(REQUEST)), twoRestrictions, null, NOW.plusSeconds(300)), REQUEST))
                .hasMessageContaining("audience");
        assertThatThrownBy(() -> check(assertion(List.of(bearer(REQUEST)), List.of(), null, NOW.plusSeconds(300)), REQUEST))
                .hasMessageContaining("audience");
    }

    @Test
    void anAssertionNotYetValidOrWithoutAnEndIsRefused() {
        assertThatThrownBy(() -> check(assertion(List.of(bearer(REQUEST)), POOL_AUDIENCE, NOW.plus(Duration.ofMinutes(2)),
                NOW.plusSeconds(300)), REQUEST)).hasMessageContaining("not yet valid");
        assertThatThrownBy(() -> check(assertion(List.of(bearer(REQUEST)), POOL_AUDIENCE, null, null), REQUEST))
                .hasMessageContaining("NotOnOrAfter");
    }

    @Test
    void onlyABearerConfirmationForThisRequestCounts() {
        var holderOfKey = new SamlResponseFacts.SubjectConfirmation("urn:oasis:names:tc:SAML:2.0:cm:holder-of-key", ACS, null,
                NOW.plusSeconds(300), REQUEST);
        assertThatThrownBy(() -> check(assertion(List.of(holderOfKey), POOL_AUDIENCE, null, NOW.plusSeconds(300)), REQUEST))
                .hasMessageContaining("no bearer confirmation");
        var expired = new SamlResponseFacts.SubjectConfirmation("urn:oasis:names:tc:SAML:2.0:cm:bearer", ACS, null,
                NOW.minusSeconds(61), REQUEST);
        assertThatThrownBy(() -> check(assertion(List.of(expired), POOL_AUDIENCE, null, NOW.plusSeconds(300)), REQUEST))
                .hasMessageContaining("no bearer confirmation");
        assertThatThrownBy(() -> check(assertion(List.of(bearer("_other")), POOL_AUDIENCE, null, NOW.plusSeconds(300)), REQUEST))
                .hasMessageContaining("no bearer confirmation");
        assertThatThrownBy(() -> check(assertion(List.of(bearer(null)), POOL_AUDIENCE, null, NOW.plusSeconds(300)), REQUEST))
                .hasMessageContaining("no bearer confirmation");
    }

    @Test
    void aSignedResponseWithoutDestinationIsRefused() {
        var noDestination = new SamlResponseFacts("_r1", null, REQUEST, ENTITY, "urn:oasis:names:tc:SAML:2.0:status:Success", true,
                assertion(List.of(bearer(REQUEST)), POOL_AUDIENCE, null, NOW.plusSeconds(300)));
        assertThatThrownBy(() -> SamlResponseRules.check(noDestination, provider, serviceProvider, REQUEST, NOW))
                .hasMessageContaining("destination");
    }

    @Test
    void anIdpInitiatedAnswerMustNotClaimToAnswerARequest() {
        var unsolicited = new SamlResponseFacts("_r1", ACS, null, ENTITY, "urn:oasis:names:tc:SAML:2.0:status:Success", false,
                assertion(List.of(bearer(REQUEST)), POOL_AUDIENCE, null, NOW.plusSeconds(300)));
        assertThatThrownBy(() -> SamlResponseRules.check(unsolicited, provider, serviceProvider, null, NOW))
                .hasMessageContaining("no bearer confirmation");
    }
}
