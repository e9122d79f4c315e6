package io.cognate.domain.federation;

import com.nimbusds.jose.util.JSONArrayUtils;
import io.cognate.domain.CognitoException;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.WriteFence;
import io.cognate.ports.FederationDirectory;
import io.cognate.ports.UpstreamOidc;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The pool's side of a federated sign-in, once the upstream identity is verified: which user it
 * is, made or brought up to date.
 * <ol>
 * <li>An upstream identity linked to a user (AdminLinkProviderForUser) signs in as that user,
 * whose own attributes stay as they are: an upstream provider never rewrites a native user's
 * verified e-mail.</li>
 * <li>Else the user {@code <ProviderName>_<subject>}, Cognito's name for it: made at the first
 * sign-in with status {@code EXTERNAL_PROVIDER}, no password, the mapped attributes and Cognito's
 * {@code identities} attribute; its mapped attributes replaced at each later sign-in when they
 * changed (a write conditional on the version read, as every Directory write).</li>
 * </ol>
 * Both writes go through the write fence. A region that does not lead cannot make them: it hands
 * the sign-in to {@link LeaderWrites}, which sends it to the leader through write forwarding and
 * waits until its own replica holds the result (read-your-writes), then reads the user here.
 */
public final class FederatedSignIn {
    /** The attribute of a federated user that names its upstream identities (Cognito's). */
    public static final String IDENTITIES = "identities";

    /** A sign-in this region cannot write: made at the leader, read back here. */
    public interface LeaderWrites {
        /** The user's sub once the leader has made or updated it and this region's replica holds it. */
        String signInAtLeader(String providerName, UpstreamOidc.Identity identity);

        LeaderWrites NONE = (provider, identity) -> {
            throw CognitoException.readOnlyReplica("this region", "the leader");
        };
    }

    private final UserDirectory users;
    private final FederationDirectory federation;
    private final WriteFence fence;
    private final LeaderWrites leaderWrites;
    private final Clock clock;

    public FederatedSignIn(UserDirectory users, FederationDirectory federation, WriteFence fence,
                           LeaderWrites leaderWrites, Clock clock) {
        this.users = users;
        this.federation = federation;
        this.fence = fence;
        this.leaderWrites = leaderWrites;
        this.clock = clock;
    }

    /** The user the verified upstream identity signs in as; made or updated at the leader when needed. */
    public User signIn(IdentityProvider provider, UpstreamOidc.Identity identity) {
        Optional<User> linked = federation.linkedUser(provider.name(), identity.subject()).flatMap(users::findBySub);
        if (linked.isPresent()) {
            return refuseDisabled(linked.get());
        }
        Map<String, String> mapped = mapped(provider, identity);
        Username username = username(provider, identity);
        Optional<User> existing = users.findByUsername(username);
        if (existing.isPresent() && !changed(existing.get(), mapped)) {
            return refuseDisabled(existing.get());
        }
        if (!fence.leads()) {
            String sub = leaderWrites.signInAtLeader(provider.name(), identity);
            return refuseDisabled(users.findBySub(sub).orElseThrow(() -> new CognitoException("InternalErrorException",
                    "The federated user is not readable here yet.")));
        }
        return refuseDisabled(write(provider, identity, username, mapped));
    }

    /** The leader's half of {@link #signIn}: the write itself, for a sign-in forwarded from another region. */
    public User signInAtThisLeader(IdentityProvider provider, UpstreamOidc.Identity identity) {
        Optional<User> linked = federation.linkedUser(provider.name(), identity.subject()).flatMap(users::findBySub);
        if (linked.isPresent()) {
            return linked.get();
        }
        return write(provider, identity, username(provider, identity), mapped(provider, identity));
    }

    private User write(IdentityProvider provider, UpstreamOidc.Identity identity, Username username,
                       Map<String, String> mapped) {
        for (int attempt = 0; ; attempt++) {
            try {
                return fence.run(leader -> {
                    Instant now = clock.instant();
                    Optional<User> read = users.findByUsername(username);
                    if (read.isPresent()) {
                        if (!changed(read.get(), mapped)) {
                            return read.get();
                        }
                        Map<String, String> attributes = new LinkedHashMap<>(read.get().attributes());
                        attributes.putAll(mapped);
                        return users.update(read.get().withAttributes(attributes, now), leader);
                    }
                    String sub = UUID.randomUUID().toString();
                    Map<String, String> attributes = new LinkedHashMap<>(mapped);
                    attributes.put("sub", sub);
                    attributes.put(IDENTITIES, identities(provider, identity, now));
                    User user = new User(sub, username, UserStatus.EXTERNAL_PROVIDER, true, attributes, "",
                            Optional.empty(), now, now);
                    users.create(user, leader);
                    return users.findBySub(sub).orElse(user);
                });
            } catch (UserDirectory.UsernameTaken raced) {
                // Another sign-in of the same identity made it first: read it and update it.
                if (attempt == 1) {
                    throw CognitoException.tooManyRequests();
                }
            }
        }
    }

    /** Cognito's username of a federated user: {@code <ProviderName>_<subject>}. */
    public static Username username(IdentityProvider provider, UpstreamOidc.Identity identity) {
        return Username.of(provider.name() + "_" + identity.subject());
    }

    /** The pool attributes the mapping gives (pool attribute -> upstream claim), {@code username} aside. */
    static Map<String, String> mapped(IdentityProvider provider, UpstreamOidc.Identity identity) {
        Map<String, String> mapped = new LinkedHashMap<>();
        provider.attributeMapping().forEach((poolAttribute, claim) -> {
            if (!"username".equals(poolAttribute) && !"sub".equals(poolAttribute) && !IDENTITIES.equals(poolAttribute)) {
                String value = identity.claims().get(claim);
                if (value != null) {
                    mapped.put(poolAttribute, value);
                }
            }
        });
        return mapped;
    }

    private static boolean changed(User user, Map<String, String> mapped) {
        return mapped.entrySet().stream().anyMatch(entry -> !entry.getValue().equals(user.attributes().get(entry.getKey())));
    }

    /** Cognito's {@code identities}: a JSON array of the user's upstream identities. */
    static String identities(IdentityProvider provider, UpstreamOidc.Identity identity, Instant now) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("userId", identity.subject());
        entry.put("providerName", provider.name());
        entry.put("providerType", provider.type().name());
        entry.put("issuer", identity.issuer());
        entry.put("primary", "true");
        entry.put("dateCreated", Long.toString(now.toEpochMilli()));
        return JSONArrayUtils.toJSONString(List.of(entry));
    }

    private static User refuseDisabled(User user) {
        if (!user.enabled()) {
            throw CognitoException.notAuthorized("User is disabled.");
        }
        return user;
    }
}
