package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.cognate.domain.User;
import io.cognate.domain.passkeys.PasskeyAssertions;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PasskeyAssertions} does for USER_AUTH's WEB_AUTHN challenge: WEB_AUTHN is
 * offered only to a user with a passkey; each start has a fresh challenge in request options
 * that name the relying party and the user's passkeys; an honest answer verifies; a count that
 * does not increase (a cloned authenticator), another challenge, origin, relying party or user,
 * or a broken signature is refused; garbage is false, never an exception. A subclass supplies
 * the implementation, users, and passkeys that answer as their authenticator would.
 */
public abstract class PasskeyAssertionsContract {

    /** A registered passkey, answering request options as its authenticator would. */
    public interface Passkey {
        String credentialId();

        /** The honest answer, its count one higher than the last. */
        String answer(String requestOptionsJson);

        String answerWithCount(String requestOptionsJson, long signCount);

        String answerFromOrigin(String requestOptionsJson, String origin);

        String answerForRelyingParty(String requestOptionsJson, String relyingPartyId);

        String answerWithBrokenSignature(String requestOptionsJson);
    }

    /** The implementation under test, over storage fresh for each test. */
    protected abstract PasskeyAssertions assertions();

    /** A new stored user. */
    protected abstract User newUser();

    /** Registers a new passkey for {@code user}. */
    protected abstract Passkey register(User user);

    /** The relying party id the implementation is configured with. */
    protected abstract String relyingPartyId();

    private PasskeyAssertions assertions;

    @BeforeEach
    void implementation() {
        assertions = assertions();
    }

    private boolean signIn(User user, java.util.function.Function<String, String> answer) {
        PasskeyAssertions.Assertion assertion = assertions.start(user);
        return assertions.verify(user, assertion.challenge(), answer.apply(assertion.requestOptionsJson()));
    }

    @Test
    void webAuthnIsOfferedOnlyToAUserWithAPasskey() {
        User user = newUser();
        assertThat(assertions.hasPasskeys(user.sub())).isFalse();
        register(user);
        assertThat(assertions.hasPasskeys(user.sub())).isTrue();
        assertThat(assertions.hasPasskeys(newUser().sub())).isFalse();
    }

    @Test
    void theRequestOptionsNameTheRelyingPartyAndTheChallengeButNoPasskeys() throws ParseException {
        User user = newUser();
        Passkey first = register(user);
        Passkey second = register(user);
        PasskeyAssertions.Assertion assertion = assertions.start(user);

        Map<String, Object> options = JSONObjectUtils.parse(assertion.requestOptionsJson());
        assertThat(assertion.challenge()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(options).containsEntry("challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(assertion.challenge()))
                .containsEntry("rpId", relyingPartyId())
                .containsEntry("userVerification", "preferred")
                .containsKey("timeout");
        // No credential ids: they would tell who has passkeys, so a user without any is asked alike.
        assertThat(JSONObjectUtils.getJSONArray(options, "allowCredentials")).isEmpty();
        Map<String, Object> withoutPasskeys = new java.util.LinkedHashMap<>(
                JSONObjectUtils.parse(assertions.start(newUser()).requestOptionsJson()));
        Map<String, Object> withPasskeys = new java.util.LinkedHashMap<>(options);
        withoutPasskeys.remove("challenge");
        withPasskeys.remove("challenge");
        assertThat(withPasskeys).isEqualTo(withoutPasskeys);
        assertThat(first.credentialId()).isNotEqualTo(second.credentialId());
    }

    @Test
    void eachStartHasAChallengeOfItsOwn() {
        User user = newUser();
        register(user);
        assertThat(assertions.start(user).challenge()).isNotEqualTo(assertions.start(user).challenge());
    }

    @Test
    void anHonestAnswerVerifiesAgainAndAgain() {
        User user = newUser();
        Passkey passkey = register(user);
        for (int i = 0; i < 3; i++) {
            assertThat(signIn(user, passkey::answer)).isTrue();
        }
        Passkey another = register(user);
        assertThat(signIn(user, another::answer)).isTrue();
    }

    @Test
    void anAnswerToAnotherChallengeIsRefused() {
        User user = newUser();
        Passkey passkey = register(user);
        PasskeyAssertions.Assertion first = assertions.start(user);
        PasskeyAssertions.Assertion second = assertions.start(user);
        assertThat(assertions.verify(user, second.challenge(), passkey.answer(first.requestOptionsJson()))).isFalse();
        assertThat(assertions.verify(user, first.challenge(), passkey.answer(first.requestOptionsJson()))).isTrue();
    }

    @Test
    void aCountThatDoesNotIncreaseIsRefused() {
        User user = newUser();
        Passkey passkey = register(user);
        assertThat(signIn(user, options -> passkey.answerWithCount(options, 5))).isTrue();
        assertThat(signIn(user, options -> passkey.answerWithCount(options, 5))).as("the same count: a clone").isFalse();
        assertThat(signIn(user, options -> passkey.answerWithCount(options, 4))).as("a lower count").isFalse();
        assertThat(signIn(user, options -> passkey.answerWithCount(options, 0))).as("0 after 5").isFalse();
        assertThat(signIn(user, options -> passkey.answerWithCount(options, 6))).isTrue();
    }

    @Test
    void anAuthenticatorThatKeepsNoCountIsJudgedByItsSignature() {
        User user = newUser();
        Passkey passkey = register(user);
        assertThat(signIn(user, options -> passkey.answerWithCount(options, 0))).isTrue();
        assertThat(signIn(user, options -> passkey.answerWithCount(options, 0))).isTrue();
    }

    @Test
    void anotherOriginRelyingPartyOrABrokenSignatureIsRefused() {
        User user = newUser();
        Passkey passkey = register(user);
        assertThat(signIn(user, options -> passkey.answerFromOrigin(options, "https://evil.example"))).isFalse();
        assertThat(signIn(user, options -> passkey.answerForRelyingParty(options, "evil.example"))).isFalse();
        assertThat(signIn(user, passkey::answerWithBrokenSignature)).isFalse();
        assertThat(signIn(user, passkey::answer)).isTrue();
    }

    @Test
    void anotherUsersPasskeyIsRefused() {
        User alice = newUser();
        User bob = newUser();
        Passkey alices = register(alice);
        register(bob);
        assertThat(signIn(bob, alices::answer)).isFalse();
        assertThat(signIn(alice, alices::answer)).isTrue();
    }

    @Test
    void garbageIsFalseNeverAnException() {
        User user = newUser();
        Passkey passkey = register(user);
        PasskeyAssertions.Assertion assertion = assertions.start(user);
        for (String garbage : new String[] {null, "", "{}", "[]", "null", "42", "{\"id\":\"" + passkey.credentialId() + "\"}"}) {
            assertThat(assertions.verify(user, assertion.challenge(), garbage)).as(String.valueOf(garbage)).isFalse();
        }
        assertThat(assertions.verify(user, null, passkey.answer(assertion.requestOptionsJson()))).isFalse();
        assertThat(assertions.verify(user, new byte[0], passkey.answer(assertion.requestOptionsJson()))).isFalse();
        assertThat(assertions.verify(newUser(), assertion.challenge(), passkey.answer(assertion.requestOptionsJson())))
                .as("a user without passkeys").isFalse();
    }
}
