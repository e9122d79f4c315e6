package io.cognate.bench.chaos;

import io.cognate.adapters.passwords.Argon2idPasswordHasher;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * After heal, every acknowledged write checked item by item in every region: each user's
 * attributes, status and MFA read through that region's own API endpoint (AdminGetUser, signed
 * with the stack's admin key, not through the front door), its password hash read straight from
 * that region's DynamoDB Local and checked against the password the client set. Of the writes to
 * one field of one user only the last acknowledged must be there (the earlier ones are
 * superseded); a later write in doubt may stand instead.
 */
public final class LedgerCheck {

    /** An acknowledged write some region does not hold. */
    public record LostWrite(long sequence, String kind, String username, String region, String expected, String found,
                            long atMs, String trafficRegion) {
    }

    /**
     * @param checked acknowledged writes checked (each in every region)
     * @param superseded acknowledged writes overwritten by a later acknowledged write to the same field
     * @param lost one row per region missing a write; {@link #lostWrites} counts writes
     */
    public record Result(int checked, int superseded, List<LostWrite> lost, List<String> regions) {
        /** Acknowledged writes missing in at least one region. */
        public long lostWrites() {
            return lost.stream().map(LostWrite::sequence).distinct().count();
        }
    }

    private final LocalCognate stack;
    private final Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(new SecureRandom());
    /** Regions holding the same hash share one Argon2id check (~35 ms of CPU each). */
    private final Map<String, Boolean> matches = new HashMap<>();

    public LedgerCheck(LocalCognate stack) {
        this.stack = stack;
    }

    public Result check(Ledger ledger) {
        Map<String, Map<Ledger.Kind, List<Ledger.Entry>>> byUser = new TreeMap<>();
        for (Ledger.Entry entry : ledger.entries()) {
            byUser.computeIfAbsent(entry.username(), u -> new LinkedHashMap<>())
                    .computeIfAbsent(entry.kind(), k -> new ArrayList<>()).add(entry);
        }
        Map<String, Set<String>> doubted = new HashMap<>();
        for (Ledger.Doubt doubt : ledger.doubts()) {
            doubted.computeIfAbsent(doubt.username() + "/" + doubt.kind().field(), k -> new HashSet<>())
                    .add(String.valueOf(doubt.value()));
        }
        int checked = 0;
        int superseded = 0;
        List<LostWrite> lost = new ArrayList<>();
        List<String> regionNames = stack.regions().stream().map(LocalRegion::name).toList();
        SdkHttpClient http = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build();
        try {
            for (LocalRegion region : stack.regions()) {
                try (CognitoIdentityProviderClient admin = adminClient(region, http)) {
                    for (var user : byUser.entrySet()) {
                        Seen seen = read(admin, region, user.getKey());
                        for (var field : user.getValue().entrySet()) {
                            List<Ledger.Entry> writes = field.getValue();
                            Ledger.Entry last = writes.getLast();
                            if (region == stack.regions().getFirst()) {
                                checked += writes.size();
                                superseded += writes.size() - 1;
                            }
                            Set<String> alternatives = doubted.getOrDefault(
                                    user.getKey() + "/" + field.getKey().field(), Set.of());
                            String found = holds(seen, last, alternatives);
                            if (found != null) {
                                lost.add(new LostWrite(last.sequence(), last.kind().name(), last.username(), region.name(),
                                        last.printableValue(), found, last.atMs(), last.trafficRegion()));
                            }
                        }
                    }
                }
            }
        } finally {
            http.close();
        }
        return new Result(checked, superseded, lost, regionNames);
    }

    /** What one region holds for one user. */
    private record Seen(boolean exists, String sub, String status, String name, boolean totp, String passwordHash) {
    }

    private Seen read(CognitoIdentityProviderClient admin, LocalRegion region, String username) {
        AdminGetUserResponse user;
        try {
            user = admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username));
        } catch (UserNotFoundException absent) {
            return new Seen(false, null, null, null, false, null);
        }
        Map<String, String> attributes = new HashMap<>();
        user.userAttributes().forEach(a -> attributes.put(a.name(), a.value()));
        Optional<User> stored = region.services().directory().findByUsername(Username.of(username));
        return new Seen(true, attributes.get("sub"), user.userStatusAsString(), attributes.get("name"),
                user.userMFASettingList() != null && user.userMFASettingList().contains("SOFTWARE_TOKEN_MFA"),
                stored.map(User::passwordHash).orElse(null));
    }

    /** Null when {@code seen} holds {@code write} (or a write in doubt after it); else what was found instead. */
    private String holds(Seen seen, Ledger.Entry write, Set<String> alternatives) {
        if (!seen.exists()) {
            return "no such user";
        }
        return switch (write.kind()) {
            case SIGN_UP -> Objects.equals(seen.sub(), write.value()) ? null : "sub " + seen.sub();
            case CONFIRM -> "CONFIRMED".equals(seen.status()) || !alternatives.isEmpty() ? null : "status " + seen.status();
            case ATTRIBUTE -> Objects.equals(seen.name(), write.value())
                    || seen.name() != null && alternatives.contains(seen.name())
                    ? null : "name " + seen.name();
            case MFA_TOTP -> seen.totp() || !alternatives.isEmpty() ? null : "no SOFTWARE_TOKEN_MFA";
            case PASSWORD -> {
                if (seen.passwordHash() == null) {
                    yield "no password hash";
                }
                if (matches(write.value(), seen.passwordHash())) {
                    yield null;
                }
                for (String other : alternatives) {
                    if (matches(other, seen.passwordHash())) {
                        yield null;
                    }
                }
                yield "another password";
            }
        };
    }

    private boolean matches(String password, String hash) {
        return matches.computeIfAbsent(hash + "\n" + password, k -> hasher.matches(password, hash));
    }

    private CognitoIdentityProviderClient adminClient(LocalRegion region, SdkHttpClient http) {
        return CognitoIdentityProviderClient.builder().endpointOverride(region.endpoint())
                .region(Region.of(region.name())).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        stack.adminAccessKeyId(), stack.adminSecretAccessKey())))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
