package io.cognate.domain.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.IdentityService;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.testing.InMemoryRegion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hosted-page sign-in proves who the user is and runs PostAuthentication there, as Cognito's
 * hosted UI does; its tokens come later, from the authorization code, with PreTokenGeneration's
 * {@code TokenGeneration_HostedAuth} run then. So the sign-in itself issues no tokens: no
 * PreTokenGeneration at the login, and no refresh token stored that nobody will ever hold.
 */
class HostedSignInTokensTest {
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String PRE_TOKEN = "http://pre-token-generation.test/";
    private static final String POST_AUTHENTICATION = "http://post-authentication.test/";

    private final InMemoryRegion region = InMemoryRegion.create();

    private List<String> sources(String target) {
        return region.triggerInvoker().events().stream()
                .filter(event -> event.contains("\"triggerSource\""))
                .filter(event -> target.equals(PRE_TOKEN) ? event.contains("TokenGeneration_") : event.contains("PostAuthentication_"))
                .map(event -> event.replaceAll(".*\"triggerSource\":\"([^\"]+)\".*", "$1"))
                .toList();
    }

    @Test
    void aHostedSignInRunsPostAuthenticationButIssuesNoTokensAndStoresNoRefreshToken() {
        PreTokenGenerationTest.configure(region, Map.of("PreTokenGeneration", PRE_TOKEN,
                "PostAuthentication", POST_AUTHENTICATION));
        region.triggerInvoker().serve(PRE_TOKEN, event -> "{\"response\":{}}");
        region.triggerInvoker().serve(POST_AUTHENTICATION, event -> "{\"response\":{}}");
        String sub = region.signUpConfirmed("ada", PASSWORD, "ada@example.com").sub();
        int refreshTokensBefore = region.sessionStore().refreshTokenCount();
        int eventsBefore = region.authEventLog().appends();

        var signedIn = IdentityService.authenticatingOnly(() -> region.mfaSignIn().afterPassword(
                region.identityService().checkPassword(InMemoryRegion.CLIENT_ID, "ada", PASSWORD)));

        assertThat(signedIn.step()).isInstanceOf(MfaSignIn.Tokens.class);
        assertThat(signedIn.authenticated()).hasValueSatisfying(who -> {
            assertThat(who.sub()).isEqualTo(sub);
            assertThat(who.at()).isEqualTo(region.clock().instant());
        });
        assertThat(sources(POST_AUTHENTICATION)).containsExactly("PostAuthentication_Authentication");
        assertThat(sources(PRE_TOKEN)).isEmpty();
        assertThat(region.sessionStore().refreshTokenCount()).isEqualTo(refreshTokensBefore);
        // The sign-in is in the user's history, as an API sign-in is.
        assertThat(region.authEventLog().appends()).isEqualTo(eventsBefore + 1);
    }

    /** Outside the hosted pages' scope nothing changes: the API's sign-in issues and stores as before. */
    @Test
    void anApiSignInStillIssuesTokensAndStoresItsRefreshToken() {
        PreTokenGenerationTest.configure(region, Map.of("PreTokenGeneration", PRE_TOKEN));
        region.triggerInvoker().serve(PRE_TOKEN, event -> "{\"response\":{}}");
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        int refreshTokensBefore = region.sessionStore().refreshTokenCount();

        var tokens = region.identityService().passwordAuth(InMemoryRegion.CLIENT_ID, "ada", PASSWORD);

        assertThat(tokens.idToken()).isNotBlank();
        assertThat(tokens.refreshToken()).isPresent();
        assertThat(sources(PRE_TOKEN)).containsExactly("TokenGeneration_Authentication");
        assertThat(region.sessionStore().refreshTokenCount()).isEqualTo(refreshTokensBefore + 1);
    }

    /** A refused step inside the scope leaves nobody signed in, and the scope ends with the call. */
    @Test
    void aRefusedHostedSignInAuthenticatesNobodyAndTheScopeEnds() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        try {
            IdentityService.authenticatingOnly(() -> region.identityService()
                    .checkPassword(InMemoryRegion.CLIENT_ID, "ada", "Wrong-Horse-9"));
        } catch (RuntimeException refused) {
            // NotAuthorizedException, as the API answers it
        }
        var tokens = region.identityService().passwordAuth(InMemoryRegion.CLIENT_ID, "ada", PASSWORD);
        assertThat(tokens.idToken()).isNotBlank();
    }
}
