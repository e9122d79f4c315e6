package io.cognate.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.ports.TokenSigner;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecoyDestinationsTest {

    /** RSASSA-PKCS1-v1_5 in process: deterministic, like KMS's. */
    private static TokenSigner signer(KeyPair keys) {
        return new TokenSigner() {
            @Override
            public RSAPublicKey publicKey() {
                return (RSAPublicKey) keys.getPublic();
            }

            @Override
            public byte[] signRs256(byte[] signingInput) {
                try {
                    Signature rsa = Signature.getInstance("SHA256withRSA");
                    rsa.initSign(keys.getPrivate());
                    rsa.update(signingInput);
                    return rsa.sign();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    @Test
    void aDecoyLooksLikeAMaskedEmailAndStaysTheSameForTheSameKey() throws Exception {
        KeyPair keys = rsa();
        var first = new DecoyDestinations(signer(keys));
        var sameKeyElsewhere = new DecoyDestinations(signer(keys));
        Username ghost = Username.of("Ghost-42");
        assertThat(first.forUsername(ghost)).matches("[a-z]\\*\\*\\*@[a-z]\\*\\*\\*")
                .isEqualTo(first.forUsername(Username.of("ghost-42")))
                .isEqualTo(sameKeyElsewhere.forUsername(ghost));
    }

    @Test
    void withoutTheKeyDecoysCannotBePredicted() throws Exception {
        var ours = new DecoyDestinations(signer(rsa()));
        var anotherKey = new DecoyDestinations(signer(rsa()));
        Set<String> differing = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Username name = Username.of("user" + i);
            if (!ours.forUsername(name).equals(anotherKey.forUsername(name))) {
                differing.add(name.value());
            }
        }
        assertThat(differing).hasSizeGreaterThan(40);
    }

    @Test
    void anEmailUsernameIsMaskedAsTheEmailItProbablyIs() throws Exception {
        var decoys = new DecoyDestinations(signer(rsa()));
        assertThat(decoys.forUsername(Username.of("zoe@mail.example"))).isEqualTo("z***@m***");
    }
}
