package io.cognate.domain.passkeys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One registered passkey, as stored in the Directory. Nothing in it is secret: the credential
 * id and the public key (a COSE_Key, base64url) are what the authenticator showed at
 * registration. {@code signCount} is the count it reported then; the counts of later sign-ins
 * live in the Sessions table ({@code SignCounters}), where every region may write.
 */
public record PasskeyCredential(
        String credentialId,
        String publicKey,
        long signCount,
        String attestationFormat,
        List<String> transports,
        Optional<String> authenticatorAttachment,
        String friendlyName,
        String relyingPartyId,
        Instant createdAt) {

    public PasskeyCredential {
        transports = List.copyOf(transports);
    }
}
