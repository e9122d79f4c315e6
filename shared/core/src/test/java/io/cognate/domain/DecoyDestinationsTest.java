package io.cognate.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.testing.LocalRsaSigner;
import java.security.KeyPair;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecoyDestinationsTest {

    @Test
    void aDecoyLooksLikeAMaskedEmailAndStaysTheSameForTheSameKey() throws Exception {
        KeyPair keys = LocalRsaSigner.newKeyPair();
        var first = new DecoyDestinations(new LocalRsaSigner(keys));
        var sameKeyElsewhere = new DecoyDestinations(new LocalRsaSigner(keys));
        Username ghost = Username.of("Ghost-42");
        assertThat(first.forUsername(ghost)).matches("[a-z]\\*\\*\\*@[a-z]\\*\\*\\*")
                .isEqualTo(first.forUsername(Username.of("ghost-42")))
                .isEqualTo(sameKeyElsewhere.forUsername(ghost));
    }

    @Test
    void withoutTheKeyDecoysCannotBePredicted() throws Exception {
        var ours = new DecoyDestinations(LocalRsaSigner.withNewKey());
        var anotherKey = new DecoyDestinations(LocalRsaSigner.withNewKey());
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
        var decoys = new DecoyDestinations(LocalRsaSigner.withNewKey());
        assertThat(decoys.forUsername(Username.of("zoe@mail.example"))).isEqualTo("z***@m***");
    }
}
