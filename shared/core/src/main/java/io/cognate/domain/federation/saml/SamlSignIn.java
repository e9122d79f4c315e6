package io.cognate.domain.federation.saml;

import io.cognate.ports.PendingSamlRequests;
import io.cognate.ports.SamlIdentityProviders;
import io.cognate.ports.SamlXml;
import io.cognate.ports.UsedSamlAssertions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in through a SAML 2.0 identity provider, the pool being the service provider: SP-initiated
 * ({@link #start}, then the provider's answer at {@link #finish}) and, where the provider opted in
 * ({@code IDPInit}), IdP-initiated ({@link #finish} with the authorize parameters as RelayState, as
 * Cognito takes them). What comes out is a {@link VerifiedUpstreamIdentity} for federated sign-in.
 */
public final class SamlSignIn {
    /** 10 min from redirect to answer: a person signing in at their IdP, with MFA, takes 1-2 min. */
    static final Duration REQUEST_LIFETIME = Duration.ofMinutes(10);
    /** Cognito's limit on a SAMLResponse (saml2/idpresponse accepts up to 100,000 characters). */
    public static final int MAX_RESPONSE_CHARS = 100_000;
    /** IdP-initiated RelayStates are the authorize parameters; 4 KB holds any sensible set. */
    private static final int MAX_RELAY_STATE_CHARS = 4_096;
    /** A pending request's RelayState: 128 random bits in hex. Nothing else is looked up. */
    private static final java.util.regex.Pattern PENDING_RELAY_STATE = java.util.regex.Pattern.compile("[0-9a-f]{32}");

    private final SamlServiceProvider serviceProvider;
    private final SamlIdentityProviders providers;
    private final SamlXml xml;
    private final PendingSamlRequests pendingRequests;
    private final UsedSamlAssertions usedAssertions;
    private final Clock clock;

    public SamlSignIn(SamlServiceProvider serviceProvider, SamlIdentityProviders providers, SamlXml xml,
            PendingSamlRequests pendingRequests, UsedSamlAssertions usedAssertions, Clock clock) {
        this.serviceProvider = serviceProvider;
        this.providers = providers;
        this.xml = xml;
        this.pendingRequests = pendingRequests;
        this.usedAssertions = usedAssertions;
        this.clock = clock;
    }

    /** Where the browser goes to sign in at the provider, and the RelayState that brings it back. */
    public record AuthnRedirect(String url, String relayState, String requestId) {
    }

    /** A finished sign-in: who, and what to resume ({@code continuation} as given to {@link #start}, or the IdP-initiated RelayState). */
    public record SignedIn(VerifiedUpstreamIdentity identity, String continuation, boolean idpInitiated) {
    }

    /**
     * Starts SP-initiated sign-in at {@code providerName}: remembers the request (Sessions, so any
     * region can take the answer) and returns the HTTP-Redirect binding URL.
     */
    public AuthnRedirect start(String providerName, String continuation) {
        return start(providerName, continuation, serviceProvider.assertionConsumerUrl());
    }

    /**
     * The same, started at a domain whose {@code /saml2/idpresponse} is {@code consumerUrl}
     * ({@link SamlServiceProvider#answeringAt}): the AuthnRequest names it, so the provider posts
     * the answer back to the region the browser is at.
     */
    public AuthnRedirect start(String providerName, String continuation, String consumerUrl) {
        SamlIdentityProvider provider = providers.find(providerName)
                .orElseThrow(() -> new SamlRejected("unknown provider"));
        String ssoUrl = provider.metadata().ssoRedirectUrl();
        if (ssoUrl == null || ssoUrl.isEmpty()) {
            throw new SamlRejected("provider has no HTTP-Redirect sign-in endpoint");
        }
        Instant now = clock.instant();
        String requestId = "_" + randomHex();
        String relayState = randomHex();
        pendingRequests.remember(new PendingSamlRequest(relayState, requestId, providerName, continuation,
                now.plus(REQUEST_LIFETIME)));
        String request = AuthnRequests.xml(serviceProvider.answeringAt(consumerUrl), requestId, ssoUrl, now);
        return new AuthnRedirect(AuthnRequests.redirectUrl(ssoUrl, request, relayState), relayState, requestId);
    }

    /**
     * Takes a provider's answer posted to {@code /saml2/idpresponse}: the signature against the
     * provider's metadata certificates, then {@link SamlResponseRules}, then single use (the
     * pending request consumed, the assertion ID claimed), in that order so a forged response
     * spends nothing.
     *
     * @throws SamlRejected if anything fails
     */
    public SignedIn finish(String samlResponse, String relayState) {
        return finish(samlResponse, relayState, serviceProvider.assertionConsumerUrl());
    }

    /** The same, for an answer posted to {@code receivedAt} (the consumer URL of the domain it came in at). */
    public SignedIn finish(String samlResponse, String relayState, String receivedAt) {
        if (samlResponse == null || samlResponse.isEmpty() || samlResponse.length() > MAX_RESPONSE_CHARS) {
            throw new SamlRejected("SAMLResponse missing or too long");
        }
        if (relayState == null || relayState.isEmpty() || relayState.length() > MAX_RELAY_STATE_CHARS) {
            throw new SamlRejected("RelayState missing or too long");
        }
        Instant now = clock.instant();
        Optional<PendingSamlRequest> pending = PENDING_RELAY_STATE.matcher(relayState).matches()
                ? pendingRequests.find(relayState, now) : Optional.empty();
        String providerName;
        if (pending.isPresent()) {
            providerName = pending.get().providerName();
        } else {
            providerName = queryParameters(relayState).get("identity_provider");
            if (providerName == null) {
                throw new SamlRejected("unknown RelayState");
            }
        }
        SamlIdentityProvider provider = providers.find(providerName)
                .orElseThrow(() -> new SamlRejected("unknown provider"));
        if (pending.isEmpty() && !provider.idpInitiated()) {
            throw new SamlRejected("IdP-initiated sign-in is not enabled for the provider");
        }
        SamlResponseFacts facts = xml.readSignedResponse(samlResponse, provider.metadata().signingCertificates(),
                provider.signedAssertionRequired());
        String expectedInResponseTo = pending.map(PendingSamlRequest::requestId).orElse(null);
        Instant forgetAfter = SamlResponseRules.check(facts, provider, serviceProvider.answeringAt(receivedAt),
                expectedInResponseTo, now);
        if (pending.isPresent() && !pendingRequests.consume(relayState)) {
            throw new SamlRejected("request already answered");
        }
        SamlResponseFacts.Assertion assertion = facts.assertion();
        if (!usedAssertions.claim(assertion.issuer(), assertion.id(), forgetAfter)) {
            throw new SamlRejected("assertion replayed");
        }
        var identity = new VerifiedUpstreamIdentity(provider.providerName(), "SAML", assertion.nameId(),
                assertion.nameIdFormat() == null ? "" : assertion.nameIdFormat(), assertion.attributes(),
                assertion.sessionIndex() == null ? "" : assertion.sessionIndex());
        return new SignedIn(identity, pending.map(PendingSamlRequest::continuation).orElse(relayState), pending.isEmpty());
    }

    static Map<String, String> queryParameters(String query) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                try {
                    parameters.putIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    throw new SamlRejected("malformed RelayState");
                }
            }
        }
        return parameters;
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        Randomness.SOURCE.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Made on first use, after any SnapStart snapshot, so restored copies do not share a seed. */
    private static final class Randomness {
        static final SecureRandom SOURCE = new SecureRandom();
    }
}
