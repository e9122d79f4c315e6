package io.cognate.domain.federation.saml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The consumer URLs the pool answers at: the pool's domain always, a region's own domain when a request came in there. */
class SamlServiceProviderTest {
    private static final String POOL_ACS = "https://auth.example.com/saml2/idpresponse";
    private static final String REGION_ACS = "https://abc123.execute-api.eu-west-1.amazonaws.com/saml2/idpresponse";
    private final SamlServiceProvider pool = SamlServiceProvider.of("eu-west-1_P", List.of("https://auth.example.com/"));

    @Test
    void reachedAtARegionsOwnDomainRequestsNameItAndTheAnswersThereAreTaken() {
        SamlServiceProvider atRegion = pool.answeringAt(REGION_ACS);
        assertThat(atRegion.assertionConsumerUrl()).isEqualTo(REGION_ACS);
        assertThat(atRegion.isOwnConsumerUrl(REGION_ACS)).isTrue();
        assertThat(atRegion.isOwnConsumerUrl(POOL_ACS)).isTrue();
        assertThat(atRegion.entityId()).isEqualTo(pool.entityId());
        assertThat(AuthnRequests.xml(atRegion, "_r1", "https://idp.example.test/sso", java.time.Instant.EPOCH))
                .contains("AssertionConsumerServiceURL=\"" + REGION_ACS + "\"");
    }

    @Test
    void thePoolAloneTakesOnlyItsOwnDomainsAnswers() {
        assertThat(pool.isOwnConsumerUrl(REGION_ACS)).isFalse();
        assertThat(pool.answeringAt(POOL_ACS)).isSameAs(pool);
        assertThat(pool.answeringAt(null)).isSameAs(pool);
    }
}
