package io.cognate.domain.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.StoredClientSecret;
import io.cognate.ports.SecretEnvelopes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientSecretsTest {
    private static final String CLIENT_ID = "6qbgl8ptlf8lhj7dm3i71p8qcs";
    private final ClientSecrets secrets = new ClientSecrets(new ContextBoundCipher(), new SecureRandom());

    private static AppClient client() {
        return new AppClient(CLIENT_ID, "server app", Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30));
    }

    @Test
    void secretHashIsCognitosHmacOverUsernameAndClientId() {
        // Computed independently: python3 -c "hmac.new(secret, b'alice' + client_id, sha256)", base64.
        assertThat(ClientSecrets.secretHash("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdef", "alice", CLIENT_ID))
                .isEqualTo("M0B9ORDzeSrwExghB9ELe5TKyClMjbQbV5dnF5mil88=");
    }

    @Test
    void aNewSecretIsStoredOnlyAsAHashAndACiphertext() {
        var secret = secrets.newSecret(CLIENT_ID);
        assertThat(secret.plaintext()).hasSize(52).matches("[a-z0-9]+");
        assertThat(secret.stored().sha256()).doesNotContain(secret.plaintext());
        assertThat(secret.stored().ciphertext()).doesNotContain(secret.plaintext());
        assertThat(secret.toString()).doesNotContain(secret.plaintext());
        assertThat(secret.stored().toString()).doesNotContain(secret.stored().sha256());
        assertThat(secrets.newSecret(CLIENT_ID).plaintext()).isNotEqualTo(secret.plaintext());
    }

    @Test
    void thePresentedSecretIsCheckedAgainstTheHash() {
        var secret = secrets.newSecret(CLIENT_ID);
        AppClient confidential = client().withSecret(secret.stored());
        assertThat(ClientSecrets.matches(confidential, secret.plaintext())).isTrue();
        assertThat(ClientSecrets.matches(confidential, secret.plaintext() + "x")).isFalse();
        assertThat(ClientSecrets.matches(confidential, null)).isFalse();
        assertThat(ClientSecrets.matches(client(), secret.plaintext())).isFalse();
        assertThat(ClientSecrets.secretAccepted(client(), null)).isTrue();
        assertThat(ClientSecrets.secretAccepted(confidential, null)).isFalse();
    }

    @Test
    void secretHashIsDemandedOfConfidentialClientsOnly() {
        var secret = secrets.newSecret(CLIENT_ID);
        AppClient confidential = client().withSecret(secret.stored());
        String good = ClientSecrets.secretHash(secret.plaintext(), "alice", CLIENT_ID);
        assertThatCode(() -> secrets.requireSecretHash(confidential, good, "alice")).doesNotThrowAnyException();
        assertThatCode(() -> secrets.requireSecretHash(confidential, good, "sub-1", "alice")).doesNotThrowAnyException();
        assertThatCode(() -> secrets.requireSecretHash(client(), null, "alice")).doesNotThrowAnyException();
        assertThatThrownBy(() -> secrets.requireSecretHash(confidential, good, "bob"))
                .isInstanceOfSatisfying(CognitoException.class, e -> {
                    assertThat(e.type()).isEqualTo("NotAuthorizedException");
                    assertThat(e.getMessage()).isEqualTo("Unable to verify secret hash for client " + CLIENT_ID);
                });
        assertThatThrownBy(() -> secrets.requireSecretHash(confidential, null, "alice"))
                .hasMessage("Client " + CLIENT_ID + " is configured with secret but SECRET_HASH was not received");
    }

    @Test
    void aSealedSecretOpensOnlyForItsOwnClient() {
        var secret = secrets.newSecret(CLIENT_ID);
        AppClient thief = new AppClient("otherclient", "thief", Set.of(), Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofDays(1)).withSecret(new StoredClientSecret(secret.stored().sha256(), secret.stored().ciphertext()));
        assertThatThrownBy(() -> secrets.requireSecretHash(thief,
                ClientSecrets.secretHash(secret.plaintext(), "alice", "otherclient"), "alice"))
                .isInstanceOf(SecretEnvelopes.CannotOpen.class);
    }

    /** Stands in for KMS: reversible, and refuses a context other than the one sealed with. */
    static final class ContextBoundCipher implements SecretEnvelopes {
        @Override
        public String seal(byte[] secret, Map<String, String> context) {
            String boxed = new java.util.TreeMap<>(context) + "|" + new String(secret, StandardCharsets.UTF_8);
            return Base64.getEncoder().encodeToString(new StringBuilder(boxed).reverse().toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] open(String sealed, Map<String, String> context) {
            String boxed = new StringBuilder(new String(Base64.getDecoder().decode(sealed), StandardCharsets.UTF_8)).reverse().toString();
            String prefix = new java.util.TreeMap<>(context) + "|";
            if (!boxed.startsWith(prefix)) {
                throw new CannotOpen("context mismatch");
            }
            return boxed.substring(prefix.length()).getBytes(StandardCharsets.UTF_8);
        }
    }
}
