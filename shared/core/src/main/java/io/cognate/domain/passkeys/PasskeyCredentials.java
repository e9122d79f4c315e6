package io.cognate.domain.passkeys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A user's passkeys, in the order they were registered, as stored beside the user in the
 * Directory. {@code version} counts writes, so two changes racing from one read cannot both win.
 */
public record PasskeyCredentials(List<PasskeyCredential> credentials, long version, Instant updatedAt) {

    public PasskeyCredentials {
        credentials = List.copyOf(credentials);
    }

    public static PasskeyCredentials none() {
        return new PasskeyCredentials(List.of(), 0, Instant.EPOCH);
    }

    public boolean isEmpty() {
        return credentials.isEmpty();
    }

    public int size() {
        return credentials.size();
    }

    public Optional<PasskeyCredential> find(String credentialId) {
        return credentials.stream().filter(c -> c.credentialId().equals(credentialId)).findFirst();
    }

    public PasskeyCredentials with(PasskeyCredential credential, Instant now) {
        var more = new ArrayList<>(credentials);
        more.add(credential);
        return new PasskeyCredentials(more, version + 1, now);
    }

    public PasskeyCredentials without(String credentialId, Instant now) {
        return new PasskeyCredentials(credentials.stream().filter(c -> !c.credentialId().equals(credentialId)).toList(),
                version + 1, now);
    }
}
