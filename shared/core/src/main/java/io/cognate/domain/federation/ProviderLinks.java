package io.cognate.domain.federation;

import io.cognate.domain.CognitoException;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.domain.WriteFence;
import io.cognate.ports.FederationDirectory;
import io.cognate.ports.UpstreamOidc;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.util.Optional;

/**
 * AdminLinkProviderForUser and AdminDisableProviderForUser: an upstream identity linked to a user
 * of the pool signs in as that user from then on ({@link FederatedSignIn}); a disabled one no
 * longer signs in at all. Fenced Directory writes, made at the leader (a follower forwards them).
 */
public final class ProviderLinks {
    /** The attribute name Cognito uses for an upstream subject in these operations. */
    public static final String SUBJECT_ATTRIBUTE = "Cognito_Subject";

    private final String userPoolId;
    private final UserDirectory users;
    private final FederationDirectory federation;
    private final WriteFence fence;
    private final Clock clock;

    public ProviderLinks(String userPoolId, UserDirectory users, FederationDirectory federation, WriteFence fence,
                         Clock clock) {
        this.userPoolId = userPoolId;
        this.users = users;
        this.federation = federation;
        this.fence = fence;
        this.clock = clock;
    }

    /** Links {@code sourceProvider}'s identity {@code sourceSubject} to the user {@code destinationUsername}. */
    public void link(String poolId, String destinationProvider, String destinationUsername, String sourceProvider,
                     String sourceAttribute, String sourceSubject) {
        checkPool(poolId);
        if (!"Cognito".equalsIgnoreCase(destinationProvider)) {
            throw CognitoException.invalidParameter("DestinationUser must be a user of the pool (ProviderName Cognito).");
        }
        if (!SUBJECT_ATTRIBUTE.equals(sourceAttribute)) {
            throw CognitoException.invalidParameter("SourceUser ProviderAttributeName must be " + SUBJECT_ATTRIBUTE + ".");
        }
        IdentityProvider provider = federation.findProvider(sourceProvider).orElseThrow(() ->
                CognitoException.invalidParameter("The provider " + sourceProvider + " does not exist for User Pool "
                        + userPoolId));
        User destination = users.findByUsername(Username.of(destinationUsername))
                .orElseThrow(CognitoException::userNotFound);
        Username federated = FederatedSignIn.username(provider, new UpstreamOidc.Identity(sourceSubject, null,
                java.util.Map.of()));
        if (users.findByUsername(federated).isPresent()) {
            // Cognito's rule: a federated user already made for the identity is not merged.
            throw CognitoException.invalidParameter(
                    "Merging is not currently supported, provided SourceUser is already present in the user pool");
        }
        try {
            fence.run(leader -> {
                federation.link(sourceProvider, sourceSubject, destination.sub(), leader);
                return null;
            });
        } catch (FederationDirectory.LinkExists exists) {
            throw CognitoException.invalidParameter("The SourceUser is already linked to a user of the pool.");
        }
    }

    /** Removes the link of the identity, and disables the federated user made for it, if any. */
    public void disable(String poolId, String providerName, String attribute, String subject) {
        checkPool(poolId);
        if (!SUBJECT_ATTRIBUTE.equals(attribute)) {
            throw CognitoException.invalidParameter("ProviderAttributeName must be " + SUBJECT_ATTRIBUTE + ".");
        }
        IdentityProvider provider = federation.findProvider(providerName).orElseThrow(() ->
                CognitoException.invalidParameter("The provider " + providerName + " does not exist for User Pool "
                        + userPoolId));
        Username federated = FederatedSignIn.username(provider, new UpstreamOidc.Identity(subject, null,
                java.util.Map.of()));
        fence.run(leader -> {
            federation.unlink(providerName, subject, leader);
            Optional<User> made = users.findByUsername(federated);
            if (made.isPresent() && made.get().enabled()) {
                users.update(made.get().withEnabled(false, clock.instant()), leader);
            }
            return null;
        });
    }

    private void checkPool(String poolId) {
        if (!userPoolId.equals(poolId)) {
            throw CognitoException.resourceNotFound("User pool " + poolId + " does not exist.");
        }
    }
}
