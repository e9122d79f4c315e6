package io.cognate.domain.passkeys;

import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.WriteFence;
import io.cognate.ports.PasskeyStore;
import io.cognate.ports.UserDirectory;
import io.cognate.ports.WebAuthnVerifier;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A signed-in user's passkeys: StartWebAuthnRegistration, CompleteWebAuthnRegistration,
 * ListWebAuthnCredentials and DeleteWebAuthnCredential. Start, Complete and Delete are
 * Directory writes behind the write fence, so a secondary refuses them until it is promoted;
 * each writes conditional on the version it read, and a write that lost a race is run again
 * from a fresh read (by the fence), so no change is ever lost. Listing is a read and works in
 * every region.
 *
 * <p>The registration challenge is kept server-side between Start and Complete (Complete carries
 * only the access token and the credential): stored beside the user, expiring, tied to the app
 * client that asked for it, and deleted in the same transaction that stores the new passkey, so
 * it registers one passkey at most.
 */
public final class PasskeyRegistration {
    /** Cognito's limit of passkeys per user. */
    public static final int MAX_CREDENTIALS = 20;
    /**
     * How long a registration challenge is accepted, and the timeout the creation options give
     * the browser. WebAuthn recommends 300 s to 600 s for a ceremony in which the user may have
     * to find a security key or type a PIN; Cognito's challenge lasts a few minutes.
     */
    public static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);
    /** WebAuthn asks for at least 16 random bytes; 32 is what the common libraries use. */
    static final int CHALLENGE_BYTES = 32;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Optional<RelyingParty> relyingParty;
    private final IdentityService identity;
    private final PasskeyStore store;
    private final WebAuthnVerifier verifier;
    private final WriteFence fence;
    private final SecureRandom random;
    private final Clock clock;

    public PasskeyRegistration(Optional<RelyingParty> relyingParty, IdentityService identity, PasskeyStore store,
                               WebAuthnVerifier verifier, WriteFence fence, SecureRandom random, Clock clock) {
        this.relyingParty = relyingParty;
        this.identity = identity;
        this.store = store;
        this.verifier = verifier;
        this.fence = fence;
        this.random = random;
        this.clock = clock;
    }

    /** One page of ListWebAuthnCredentials, and the token of the next page if there is one. */
    public record Page(List<PasskeyCredential> credentials, Optional<String> nextToken) {
    }

    /** StartWebAuthnRegistration: the CredentialCreationOptions document, as an ordered map. */
    public Map<String, Object> start(String accessToken) {
        RelyingParty party = requireRelyingParty();
        IdentityService.SignedIn caller = identity.signedIn(accessToken);
        User user = caller.user();
        return fence.run(leader -> {
            PasskeyCredentials current = current(user.sub());
            requireRoom(current);
            byte[] challenge = new byte[CHALLENGE_BYTES];
            random.nextBytes(challenge);
            Instant now = clock.instant();
            try {
                store.putChallenge(user.sub(), new RegistrationChallenge(BASE64URL.encodeToString(challenge),
                        caller.client().clientId(), now.plus(CHALLENGE_LIFETIME)), leader);
            } catch (PasskeyStore.Conflict userGone) {
                throw CognitoException.userNotFound();
            }
            return PasskeyOptions.creation(party, user, challenge, current, CHALLENGE_LIFETIME);
        });
    }

    /** CompleteWebAuthnRegistration: verifies the browser's RegistrationResponseJSON and stores the passkey. */
    public void complete(String accessToken, String registrationResponseJson) {
        RelyingParty party = requireRelyingParty();
        IdentityService.SignedIn caller = identity.signedIn(accessToken);
        String sub = caller.user().sub();
        fence.run(leader -> {
            // To the millisecond, as the Directory keeps it: the listing's page marks compare it.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            RegistrationChallenge pending = store.findChallenge(sub).filter(c -> !c.expired(now))
                    .orElseThrow(PasskeyRegistration::challengeNotFound);
            if (!pending.clientId().equals(caller.client().clientId())) {
                throw new CognitoException("WebAuthnClientMismatchException",
                        "The access token is for another app client than the one that started the registration.");
            }
            PasskeyCredentials current = current(sub);
            requireRoom(current);
            WebAuthnVerifier.NewCredential created = verify(party, pending, registrationResponseJson);
            if (current.find(created.credentialId()).isPresent()) {
                throw CognitoException.invalidParameter("This passkey is already registered for the user.");
            }
            PasskeyCredential credential = new PasskeyCredential(created.credentialId(), created.publicKey(),
                    created.signCount(), created.attestationFormat(), created.transports(),
                    created.authenticatorAttachment(), friendlyName(created), party.id(), now);
            write(sub, current.with(credential, now), current, Optional.of(pending), leader);
            return null;
        });
    }

    /**
     * ListWebAuthnCredentials: the user's passkeys in the order they were registered. A page
     * holds {@code maxResults} (1 to 20; absent or 0: 20); the token names the last one shown,
     * so a passkey deleted between pages does not shift the next page.
     */
    public Page list(String accessToken, Integer maxResults, String nextToken) {
        User user = identity.getUser(accessToken);
        int size = maxResults == null || maxResults <= 0 ? MAX_CREDENTIALS : Math.min(maxResults, MAX_CREDENTIALS);
        List<PasskeyCredential> all = current(user.sub()).credentials().stream()
                .sorted(Comparator.comparing(PasskeyCredential::createdAt).thenComparing(PasskeyCredential::credentialId))
                .toList();
        int from = 0;
        if (nextToken != null) {
            PageMark after = PageMark.parse(nextToken);
            while (from < all.size() && !after.before(all.get(from))) {
                from++;
            }
        }
        int to = Math.min(all.size(), from + size);
        List<PasskeyCredential> page = all.subList(from, to);
        Optional<String> next = to < all.size() ? Optional.of(PageMark.of(page.getLast()).token()) : Optional.empty();
        return new Page(page, next);
    }

    /** DeleteWebAuthnCredential: a passkey the user does not have is {@code ResourceNotFoundException}. */
    public void delete(String accessToken, String credentialId) {
        User user = identity.getUser(accessToken);
        fence.run(leader -> {
            PasskeyCredentials current = current(user.sub());
            if (credentialId == null || current.find(credentialId).isEmpty()) {
                throw CognitoException.resourceNotFound("Credential not found.");
            }
            write(user.sub(), current.without(credentialId, clock.instant()), current, Optional.empty(), leader);
            return null;
        });
    }

    private WebAuthnVerifier.NewCredential verify(RelyingParty party, RegistrationChallenge pending, String json) {
        try {
            return verifier.register(json, new WebAuthnVerifier.Expectation(party.id(), Set.copyOf(party.origins()),
                    Base64.getUrlDecoder().decode(pending.challenge())));
        } catch (WebAuthnVerifier.Refused refused) {
            throw switch (refused.reason()) {
                case CHALLENGE -> challengeNotFound();
                case ORIGIN -> new CognitoException("WebAuthnOriginNotAllowedException",
                        "The credential was made on an origin this user pool does not allow.");
                case RELYING_PARTY -> new CognitoException("WebAuthnRelyingPartyMismatchException",
                        "The credential is for another relying party than this user pool's.");
                case UNSUPPORTED -> new CognitoException("WebAuthnCredentialNotSupportedException",
                        "The credential's key algorithm or attestation is not supported.");
                case MALFORMED, UNKNOWN_CREDENTIAL, USER_NOT_PRESENT, INVALID ->
                        CognitoException.invalidParameter("The credential is not a valid passkey registration.");
            };
        }
    }

    private void write(String sub, PasskeyCredentials updated, PasskeyCredentials read,
                       Optional<RegistrationChallenge> used, LeaderRecord leader) {
        try {
            store.put(sub, updated, read.version(), used, leader);
        } catch (PasskeyStore.Conflict changed) {
            // Run again from a fresh read (WriteFence): the other write is then seen, not undone.
            throw new UserDirectory.ConcurrentUpdate();
        }
    }

    private PasskeyCredentials current(String sub) {
        return store.find(sub).orElse(PasskeyCredentials.none());
    }

    private static void requireRoom(PasskeyCredentials current) {
        if (current.size() >= MAX_CREDENTIALS) {
            throw new CognitoException("LimitExceededException",
                    "The user has " + MAX_CREDENTIALS + " passkeys, the most a user may have.");
        }
    }

    private RelyingParty requireRelyingParty() {
        return relyingParty.orElseThrow(() -> new CognitoException("WebAuthnConfigurationMissingException",
                "This user pool has no passkey relying party id configured."));
    }

    private static CognitoException challengeNotFound() {
        return new CognitoException("WebAuthnChallengeNotFoundException",
                "No registration challenge for this credential: it expired, was used, or was never issued. "
                        + "Call StartWebAuthnRegistration again.");
    }

    /** What Cognito calls an automatically generated name: the kind of authenticator and the id's start. */
    private static String friendlyName(WebAuthnVerifier.NewCredential created) {
        String kind = created.authenticatorAttachment().map(a -> a.equals("platform") ? "Device passkey" : "Security key")
                .orElse("Passkey");
        return kind + " " + created.credentialId().substring(0, Math.min(8, created.credentialId().length()));
    }

    /** A page position: the creation time and id of the last passkey shown. */
    private record PageMark(long createdAtMillis, String credentialId) {
        static PageMark of(PasskeyCredential credential) {
            return new PageMark(credential.createdAt().toEpochMilli(), credential.credentialId());
        }

        String token() {
            return BASE64URL.encodeToString((createdAtMillis + ":" + credentialId).getBytes(StandardCharsets.UTF_8));
        }

        static PageMark parse(String token) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int colon = text.indexOf(':');
                return new PageMark(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw CognitoException.invalidParameter("Invalid NextToken.");
            }
        }

        /** Whether this mark comes before {@code credential} in the listing's order. */
        boolean before(PasskeyCredential credential) {
            long at = credential.createdAt().toEpochMilli();
            return createdAtMillis < at || (createdAtMillis == at && credentialId.compareTo(credential.credentialId()) < 0);
        }
    }
}
