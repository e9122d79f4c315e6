package io.cognate.domain.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.clients.ClientSettings;
import io.cognate.domain.mfa.ChallengeSessions.Stage;
import io.cognate.testing.SealedInMemory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ChallengeSessionsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");
    private static final SealedInMemory ENVELOPES = new SealedInMemory();

    private static final User ALICE = new User("sub-1", Username.of("alice"), UserStatus.CONFIRMED, true,
            java.util.Map.of(), "hash", java.util.Optional.empty(), NOW, NOW, 3);

    private static ChallengeSessions at(Instant now) {
        return new ChallengeSessions("us-east-1_pool", ENVELOPES, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A client whose AuthSessionValidity is {@code minutes}. */
    private static AppClient clientWithSessionsOf(int minutes) {
        AppClient client = new AppClient("client-1", "app", java.util.Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30));
        ClientSettings d = client.settings();
        ClientSettings settings = new ClientSettings(d.tokenValidityUnits(), d.allowedOAuthFlowsUserPoolClient(),
                d.callbackUrls(), d.logoutUrls(), d.defaultRedirectUri(), d.supportedIdentityProviders(),
                d.enableTokenRevocation(), d.preventUserExistenceErrors(), minutes,
                d.enablePropagateAdditionalUserContextData(), d.createdAt(), d.lastModifiedAt());
        return new AppClient(client.clientId(), client.clientName(), client.explicitAuthFlows(),
                client.accessTokenValidity(), client.idTokenValidity(), client.refreshTokenValidity(),
                client.allowedOAuthFlows(), client.allowedOAuthScopes(), client.secret(), client.readAttributes(),
                client.writeAttributes(), settings, client.version());
    }

    @Test
    void aSessionLastsItsClientsAuthSessionValidityAndTheNextStepKeepsTheExpiry() {
        AppClient tenMinutes = clientWithSessionsOf(10);
        String session = at(NOW).issue(Stage.SOFTWARE_TOKEN_MFA, ALICE, "alice", tenMinutes);
        String selected = at(NOW).issue(Stage.SELECT_CHALLENGE, "sub-1", 3, "alice", tenMinutes, "");

        var opened = at(NOW.plus(Duration.ofMinutes(10)).minusSeconds(1)).open(session, Stage.SOFTWARE_TOKEN_MFA);
        assertThat(opened.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(at(NOW.plus(Duration.ofMinutes(9))).open(selected, Stage.SELECT_CHALLENGE).expiresAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        String next = at(NOW.plus(Duration.ofMinutes(9))).next(Stage.MFA_SETUP, opened);
        assertThatThrownBy(() -> at(NOW.plus(Duration.ofMinutes(10))).open(next, Stage.MFA_SETUP))
                .hasMessage("Invalid session for the user, session is expired.");
        assertThat(at(NOW).open(at(NOW).issue(Stage.MFA_SETUP, ALICE, "alice", clientWithSessionsOf(3)),
                Stage.MFA_SETUP).expiresAt()).isEqualTo(NOW.plus(ChallengeSessions.VALIDITY));
    }

    @Test
    void aSessionNamesItsUserClientAndStageAndOpensUntilItExpires() {
        String session = at(NOW).issue(Stage.SOFTWARE_TOKEN_MFA, ALICE, "alice|with\nodd name", "client-1");
        var opened = at(NOW.plusSeconds(179)).open(session, Stage.SOFTWARE_TOKEN_MFA);
        assertThat(opened).isEqualTo(new ChallengeSessions.Session(Stage.SOFTWARE_TOKEN_MFA, "sub-1",
                "alice|with\nodd name", "client-1", NOW.plus(ChallengeSessions.VALIDITY), 3));
        assertThat(opened.madeFor(ALICE)).isTrue();
        assertThat(opened.madeFor(ALICE.stored(4))).as("the user changed since").isFalse();
        assertThatThrownBy(() -> at(NOW.plus(ChallengeSessions.VALIDITY)).open(session, Stage.SOFTWARE_TOKEN_MFA))
                .isInstanceOf(CognitoException.class)
                .hasMessage("Invalid session for the user, session is expired.")
                .extracting(e -> ((CognitoException) e).type()).isEqualTo("NotAuthorizedException");
    }

    @Test
    void aDetailTravelsWithTheSessionWhateverTheUsernameHolds() {
        String session = at(NOW).issue(Stage.EMAIL_OTP, "sub-1", 3, "odd\nname", "client-1", "code-hash");

        var opened = at(NOW).open(session, Stage.EMAIL_OTP);

        assertThat(opened.detail()).isEqualTo("code-hash");
        assertThat(opened.account()).isEqualTo("odd\nname");
        assertThat(at(NOW).open(at(NOW).next(Stage.WEB_AUTHN, opened, "challenge"), Stage.WEB_AUTHN).detail())
                .isEqualTo("challenge");
    }

    @Test
    void aSessionSealedBeforeDetailsExistedStillOpens() {
        String text = String.join("\n", "SOFTWARE_TOKEN_MFA", "sub-1", "client-1",
                Long.toString(NOW.plus(ChallengeSessions.VALIDITY).getEpochSecond()), "3", "alice\nodd");
        String session = ENVELOPES.seal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Map.of("purpose", "challenge-session", "userPoolId", "us-east-1_pool"));

        var opened = at(NOW).open(session, Stage.SOFTWARE_TOKEN_MFA);

        assertThat(opened).isEqualTo(new ChallengeSessions.Session(Stage.SOFTWARE_TOKEN_MFA, "sub-1", "alice\nodd",
                "client-1", NOW.plus(ChallengeSessions.VALIDITY), 3));
    }

    @Test
    void aSessionServesOnlyItsOwnStage() {
        String setup = at(NOW).issue(Stage.MFA_SETUP, ALICE, "alice", "client-1");
        assertThatThrownBy(() -> at(NOW).open(setup, Stage.MFA_SETUP_VERIFIED)).isInstanceOf(CognitoException.class)
                .hasMessage("Invalid session for the user.");
        assertThatThrownBy(() -> at(NOW).open(setup, Stage.SOFTWARE_TOKEN_MFA)).isInstanceOf(CognitoException.class);
        assertThat(at(NOW).open(setup, Stage.MFA_SETUP).sub()).isEqualTo("sub-1");
    }

    @Test
    void anotherPoolsSessionDoesNotOpen() {
        String session = new ChallengeSessions("eu-west-1_other", ENVELOPES, Clock.fixed(NOW, ZoneOffset.UTC))
                .issue(Stage.SOFTWARE_TOKEN_MFA, ALICE, "alice", "client-1");
        assertThatThrownBy(() -> at(NOW).open(session, Stage.SOFTWARE_TOKEN_MFA)).isInstanceOf(CognitoException.class)
                .hasMessage("Invalid session for the user.");
    }

    /** Finding 3 of the security review: each MFA_SETUP step handed out a session with a fresh expiry. */
    @Test
    void finding3TheNextStepsSessionKeepsTheFirstExpiry() {
        String setup = at(NOW).issue(Stage.MFA_SETUP, ALICE, "alice", "client-1");
        var opened = at(NOW.plusSeconds(170)).open(setup, Stage.MFA_SETUP);
        String next = at(NOW.plusSeconds(170)).next(Stage.MFA_SETUP, opened);
        assertThat(at(NOW.plusSeconds(179)).open(next, Stage.MFA_SETUP)).isEqualTo(opened);
        assertThatThrownBy(() -> at(NOW.plus(ChallengeSessions.VALIDITY)).open(next, Stage.MFA_SETUP))
                .isInstanceOf(CognitoException.class).hasMessage("Invalid session for the user, session is expired.");
    }

    @Property(tries = 500)
    void anyTextIsRefusedAsNotAuthorized(@ForAll @StringLength(max = 3000) String text) {
        assertThatThrownBy(() -> at(NOW).open(text, Stage.SOFTWARE_TOKEN_MFA))
                .isInstanceOf(CognitoException.class)
                .extracting(e -> ((CognitoException) e).type()).isEqualTo("NotAuthorizedException");
    }

    @Test
    void anythingElseIsRefusedAsNotAuthorized() {
        ChallengeSessions sessions = at(NOW);
        // Sealed by us, but not a session.
        String notASession = ENVELOPES.seal("SOFTWARE_TOKEN_MFA\nsub".getBytes(), java.util.Map.of(
                "purpose", "challenge-session", "userPoolId", "us-east-1_pool"));
        assertThatThrownBy(() -> sessions.open(notASession, Stage.SOFTWARE_TOKEN_MFA)).isInstanceOf(CognitoException.class);
        String badExpiry = ENVELOPES.seal("SOFTWARE_TOKEN_MFA\nsub\nclient\nsoon\nalice".getBytes(), java.util.Map.of(
                "purpose", "challenge-session", "userPoolId", "us-east-1_pool"));
        assertThatThrownBy(() -> sessions.open(badExpiry, Stage.SOFTWARE_TOKEN_MFA)).isInstanceOf(CognitoException.class);
        assertThatThrownBy(() -> sessions.open(null, Stage.SOFTWARE_TOKEN_MFA)).isInstanceOf(CognitoException.class);
    }
}
