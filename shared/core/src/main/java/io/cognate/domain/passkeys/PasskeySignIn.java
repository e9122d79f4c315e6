package io.cognate.domain.passkeys;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.cognate.domain.CognitoException;
import io.cognate.domain.User;
import io.cognate.ports.PasskeyStore;
import io.cognate.ports.SignCounters;
import io.cognate.ports.WebAuthnVerifier;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Passkey sign-in's verification half ({@link PasskeyAssertions}), for every region: the
 * credentials are read from the Directory (replicated, so a passkey registered at the primary
 * verifies at a secondary), the assertion is checked by the {@link WebAuthnVerifier}, and the
 * signature count is judged here and recorded in the Sessions table, where a region that does
 * not lead may still write ({@link SignCounters}).
 *
 * <p>The count rule (WebAuthn Level 3, section 7.2 step 21): an authenticator that keeps a count
 * must report a higher one each time; a count that does not increase means two authenticators
 * hold the same key, one of them a clone, and the assertion is refused. An authenticator that
 * keeps none reports 0 every time (most synced passkeys do): with 0 stored and 0 reported there
 * is nothing to compare, and the assertion stands on its signature alone.
 */
public final class PasskeySignIn implements PasskeyAssertions {
    /**
     * The request options' timeout: Cognito's USER_AUTH session, which carries the challenge,
     * lasts three minutes.
     */
    public static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final Optional<RelyingParty> relyingParty;
    private final PasskeyStore store;
    private final SignCounters counters;
    private final WebAuthnVerifier verifier;
    private final SecureRandom random;

    public PasskeySignIn(Optional<RelyingParty> relyingParty, PasskeyStore store, SignCounters counters,
                         WebAuthnVerifier verifier, SecureRandom random) {
        this.relyingParty = relyingParty;
        this.store = store;
        this.counters = counters;
        this.verifier = verifier;
        this.random = random;
    }

    /** False too when the pool has no relying party: then no passkey can be used. */
    @Override
    public boolean hasPasskeys(String sub) {
        return relyingParty.isPresent() && store.find(sub).map(c -> !c.isEmpty()).orElse(false);
    }

    @Override
    public Assertion start(User user) {
        RelyingParty party = relyingParty.orElseThrow(() -> new CognitoException("WebAuthnConfigurationMissingException",
                "This user pool has no passkey relying party id configured."));
        PasskeyCredentials credentials = store.find(user.sub()).orElse(PasskeyCredentials.none());
        byte[] challenge = new byte[PasskeyRegistration.CHALLENGE_BYTES];
        random.nextBytes(challenge);
        String options = JSONObjectUtils.toJSONString(PasskeyOptions.request(party, challenge, credentials, TIMEOUT));
        return new Assertion(options, challenge);
    }

    @Override
    public boolean verify(User user, byte[] challenge, String credentialJson) {
        if (relyingParty.isEmpty() || user == null || challenge == null || challenge.length == 0
                || credentialJson == null || credentialJson.isEmpty()) {
            return false;
        }
        RelyingParty party = relyingParty.get();
        PasskeyCredentials credentials = store.find(user.sub()).orElse(PasskeyCredentials.none());
        if (credentials.isEmpty()) {
            return false;
        }
        WebAuthnVerifier.VerifiedAssertion assertion;
        try {
            assertion = verifier.authenticate(credentialJson,
                    new WebAuthnVerifier.Expectation(party.id(), Set.copyOf(party.origins()), challenge),
                    credentials.credentials());
        } catch (WebAuthnVerifier.Refused refused) {
            return false;
        }
        // The handle names the account the passkey was made for; it must be this user.
        if (assertion.userHandle().isPresent()
                && !Arrays.equals(assertion.userHandle().get(), PasskeyOptions.userHandle(user))) {
            return false;
        }
        Optional<PasskeyCredential> credential = credentials.find(assertion.credentialId());
        if (credential.isEmpty()) {
            return false;
        }
        long highest = Math.max(credential.get().signCount(), counters.highest(user.sub(), assertion.credentialId()));
        if (assertion.signCount() == 0 && highest == 0) {
            return true;
        }
        if (assertion.signCount() <= highest) {
            return false;
        }
        // Conditional on this region's stored count being lower: of two sign-ins racing with one count, one wins.
        return counters.advance(user.sub(), assertion.credentialId(), assertion.signCount());
    }
}
