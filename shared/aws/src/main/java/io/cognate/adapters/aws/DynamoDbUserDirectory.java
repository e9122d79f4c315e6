package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.PK;
import static io.cognate.adapters.aws.Items.SK;
import static io.cognate.adapters.aws.Items.bool;
import static io.cognate.adapters.aws.Items.instant;
import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;
import static io.cognate.adapters.aws.Items.optionalString;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.domain.AppClient;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.PendingCode;
import io.cognate.domain.StoredClientSecret;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.clients.ClientSettings;
import io.cognate.domain.clients.TokenValidityUnits;
import io.cognate.domain.conflicts.ItemImage;
import io.cognate.domain.users.UserFilter;
import io.cognate.ports.UserDirectory;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The Directory global table. Item layout: {@code USER#<sub>/PROFILE} holds a user (beside it
 * {@code USER#<sub>/MFA} and {@code USER#<sub>/DEVICES}, written by their own stores),
 * {@code USERNAME#<folded name>/USERNAME} claims a username for a sub, {@code CLIENT#<id>/CLIENT}
 * holds an app client, and {@code CLIENTS/CLIENT#<id>} lists it (id and name, written in the same
 * transaction as the client); groups and memberships ({@code USER#<sub>/GROUP#<name>} among them)
 * are {@link DynamoDbGroupDirectory}'s. Every write is one transaction whose first item is a
 * condition check of the leader record in the Control table: the write fence.
 *
 * <p><b>Listing clients</b> is a Query of the one {@code CLIENTS} partition, in id order: a
 * page costs what it returns. A Scan would read every user of the table for each page. One
 * partition holds them all, which is fine at Cognito's quota of 1,000 clients per pool and the
 * rate administrators change clients at. A client stored before the index items existed is not
 * listed until it is next written (any UpdateUserPoolClient).
 *
 * <p><b>Listing users</b> (ListUsers) is a Scan of the table with the filter as a
 * FilterExpression over {@code PROFILE} items. A Scan reads every item in its way (profiles,
 * username claims, MFA settings, devices...), so one full listing costs the whole table, and a
 * filtered search does too however few users match; each call is bounded to
 * {@link #SCAN_CALLS_PER_PAGE} Scan calls of at most {@link #SCAN_ITEMS_PER_CALL} items, and
 * may answer fewer users than asked with a position to go on from. Acceptable for an
 * administrative listing in a first version; a search index (items per searchable attribute
 * value) is the next step if pools grow large or ListUsers is called in a loop.
 */
public final class DynamoDbUserDirectory implements UserDirectory {
    private static final long FIRST_VERSION = 1;
    /** A partition key no user has: a sub is a UUID. */
    private static final String UNCLAIMED_PK = "USER#unclaimed";
    /** The partition listing every app client. */
    private static final String CLIENTS_PK = "CLIENTS";
    /** The condition of a client write on the version it read; items without one read as version 0. */
    private static final String VERSION_READ_ZERO = "attribute_exists(pk) AND attribute_not_exists(version)";
    private static final String VERSION_READ = "attribute_exists(pk) AND version = :read";
    static final int SCAN_CALLS_PER_PAGE = 4;
    static final int SCAN_ITEMS_PER_CALL = 250;
    private static final int MAX_POSITION_LENGTH = 2048;
    /**
     * How long a deleted user's tombstone stays: 30 days. It must still stand when a change made
     * elsewhere during a split arrives after the heal, or that change would land on nothing and
     * bring the user back unnoticed; a split that lasts weeks is one an operator ends by hand
     * (removing the replica), not by replication catching up. One small item per deleted user.
     */
    static final Duration TOMBSTONE_LIFETIME = Duration.ofDays(30);
    /** Not a user: {@link #TOMBSTONE} marks a deleted profile (stamps, version and {@code ttl}; no attribute, no secret). */
    private static final String LIVE = "attribute_not_exists(" + ItemImage.TOMBSTONE + ")";
    /** The condition that a user's profile exists and is no tombstone: what writes beside a user check. */
    static final String USER_EXISTS = "attribute_exists(pk) AND " + LIVE;

    private final DynamoDbClient dynamo;
    private final String table;
    private final FencedTransactions transactions;
    private final DynamoDbGroupDirectory groups;
    private final StrongClaims strongClaims;
    /** The app clients read in the request this thread serves, while {@link #sharingClientReads} runs it. */
    private final ThreadLocal<Map<String, Optional<AppClient>>> requestClients = new ThreadLocal<>();
    /** The profiles this thread read last, by partition. */
    private final CopiesRead profilesRead = new CopiesRead();

    public DynamoDbUserDirectory(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this(dynamo, table, controlTable, region, StrongClaims.none());
    }

    /** With {@code claims} in the Claims table first when the deployment runs in strong mode (see {@link StrongClaims}). */
    public DynamoDbUserDirectory(DynamoDbClient dynamo, String table, String controlTable, String region,
                                 StrongClaims claims) {
        this.dynamo = dynamo;
        this.table = table;
        this.transactions = new FencedTransactions(dynamo, controlTable, region);
        this.groups = new DynamoDbGroupDirectory(dynamo, table, controlTable, region);
        this.strongClaims = claims;
    }

    @Override
    public Optional<User> findByUsername(Username username) {
        Optional<Map<String, AttributeValue>> claim = get(key("USERNAME#" + username.key(), "USERNAME"));
        if (claim.isEmpty()) {
            // The second read a found claim makes, of an item that never exists: an unknown
            // username costs the same two reads as a known one, so timing does not tell them apart.
            profile(UNCLAIMED_PK);
            return Optional.empty();
        }
        return findBySub(string(claim.get(), "sub"));
    }

    @Override
    public Optional<User> findBySub(String sub) {
        return profile("USER#" + sub).map(DynamoDbUserDirectory::toUser);
    }

    /**
     * The profile item of the partition {@code pk}: within a request, with the MFA settings and
     * group memberships beside it in one Query ({@link UserPartitionReads}), else one GetItem.
     */
    private Optional<Map<String, AttributeValue>> profile(String pk) {
        Optional<Map<String, AttributeValue>> profile = !UserPartitionReads.active() ? get(key(pk, "PROFILE"))
                : UserPartitionReads.cached(dynamo, table, pk)
                        .orElseGet(() -> UserPartitionReads.read(dynamo, table, pk)).profile();
        // Every read of a user comes here (by sub, by username, a group's members, a refresh's
        // user check): a deleted user's tombstone reads as no user.
        profile = profile.filter(item -> !isTombstone(item));
        profile.ifPresent(item -> profilesRead.remember(pk, item));
        return profile;
    }

    /** Whether {@code item} is a deleted user's profile: the tombstone {@link #delete} leaves. */
    static boolean isTombstone(Map<String, AttributeValue> item) {
        return item.containsKey(ItemImage.TOMBSTONE);
    }

    @Override
    public Optional<AppClient> findClient(String clientId) {
        Map<String, Optional<AppClient>> read = requestClients.get();
        if (read == null) {
            return readClient(clientId);
        }
        Optional<AppClient> client = read.get(clientId);
        if (client == null) {
            client = readClient(clientId);
            read.put(clientId, client);
        }
        return client;
    }

    private Optional<AppClient> readClient(String clientId) {
        return get(key("CLIENT#" + clientId, "CLIENT")).map(DynamoDbUserDirectory::toClient);
    }

    /**
     * Runs one request with each app client read once: a password sign-in looks its client up for
     * the secret-hash check and again for the flow check, one GetItem of 15 a sign-in made. The
     * request sees one state of the client throughout; a client this thread writes meanwhile is
     * read again. Requests on other threads, and the next request here, read afresh.
     */
    public <T> T sharingClientReads(Supplier<T> request) {
        if (requestClients.get() != null) {
            return request.get();
        }
        requestClients.set(new HashMap<>());
        try {
            // And each user's profile, MFA settings and groups in one Query (UserPartitionReads).
            return UserPartitionReads.sharing(request);
        } finally {
            requestClients.remove();
        }
    }

    /** A write of {@code clientId} by this thread: its next read in the request goes to the table. */
    private void written(String clientId) {
        Map<String, Optional<AppClient>> read = requestClients.get();
        if (read != null) {
            read.remove(clientId);
        }
    }

    @Override
    public void create(User user, LeaderRecord fence) {
        // Strong mode: the name is claimed in the Claims table (MRSC) before the transaction, and
        // released again unless the transaction commits.
        String name = user.username().key();
        if (strongClaims.strong()) {
            // The fence first, as the transaction checks it first: a fenced region learns nothing
            // of the name, and claims nothing.
            transactions.requireFence(fence);
        }
        boolean claimedNow = strongClaims.claim(name, user.sub(), sub -> findBySub(sub).isPresent());
        boolean committed = false;
        try {
            createInDirectory(user, fence);
            committed = true;
            strongClaims.confirm(name, user.sub());
        } finally {
            if (claimedNow && !committed) {
                strongClaims.release(name, user.sub());
            }
        }
    }

    private void createInDirectory(User user, LeaderRecord fence) {
        var claim = new HashMap<>(key("USERNAME#" + user.username().key(), "USERNAME"));
        claim.put("sub", s(user.sub()));
        transactions.stamp(claim, fence);
        List<CancellationReason> reasons = write(fence,
                put(claim, "attribute_not_exists(pk)"),
                put(toItem(user.stored(FIRST_VERSION), fence, null), "attribute_not_exists(pk)"));
        if (reasons != null && failed(reasons, 0)) {
            throw new UsernameTaken();
        }
        if (reasons != null) {
            throw new IllegalStateException("user " + user.sub() + " already exists");
        }
    }

    @Override
    public User update(User user, LeaderRecord fence) {
        User stored = user.stored(user.version() + 1);
        // The copy written on top of: its writer stamps name the new copy's ancestor.
        // None at the user's version: the write fails its condition, after the fence (checked first).
        Map<String, AttributeValue> read = readCopy("USER#" + user.sub(), user.version()).orElse(null);
        var values = new HashMap<String, AttributeValue>();
        String stamps = read == null ? "attribute_not_exists(pk)" : FencedTransactions.readStamps(read, values);
        // Items written before versions existed have none; they read as version 0.
        TransactWriteItem item;
        if (user.version() == 0) {
            item = put(toItem(stored, fence, read), USER_EXISTS + " AND attribute_not_exists(version) AND " + stamps,
                    values);
        } else {
            values.put(":read", n(user.version()));
            item = put(toItem(stored, fence, read), USER_EXISTS + " AND version = :read AND " + stamps, values);
        }
        if (write(fence, item) != null) {
            throw new ConcurrentUpdate();
        }
        profilesRead.remember("USER#" + user.sub(), item.put().item());
        return stored;
    }

    /** Replaces whatever is stored at the id (the seeding write), with its list entry. */
    @Override
    public void putClient(AppClient client, LeaderRecord fence) {
        written(client.clientId());
        write(fence, put(toItem(client, fence), null), put(listEntry(client, fence), null));
    }

    @Override
    public AppClient createClient(AppClient client, LeaderRecord fence) {
        written(client.clientId());
        AppClient stored = client.stored(FIRST_VERSION);
        if (write(fence, put(toItem(stored, fence), "attribute_not_exists(pk)"), put(listEntry(stored, fence), null)) != null) {
            throw new ClientIdTaken();
        }
        return stored;
    }

    @Override
    public AppClient updateClient(AppClient client, LeaderRecord fence) {
        written(client.clientId());
        AppClient stored = client.stored(client.version() + 1);
        if (write(fence, put(toItem(stored, fence), versionCondition(client.version()), versionRead(client.version())),
                put(listEntry(stored, fence), null)) != null) {
            throw new ConcurrentUpdate();
        }
        return stored;
    }

    @Override
    public void deleteClient(AppClient client, LeaderRecord fence) {
        written(client.clientId());
        List<CancellationReason> reasons = write(fence,
                delete(key("CLIENT#" + client.clientId(), "CLIENT"), versionCondition(client.version()), Map.of(),
                        versionRead(client.version())),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key(CLIENTS_PK, "CLIENT#" + client.clientId())).build()).build());
        if (reasons != null) {
            throw new ConcurrentUpdate();
        }
    }

    @Override
    public ClientPage listClients(int limit, Optional<String> afterClientId) {
        var query = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :clients")
                .expressionAttributeValues(Map.of(":clients", s(CLIENTS_PK)))
                .limit(limit);
        afterClientId.ifPresent(after -> query.exclusiveStartKey(key(CLIENTS_PK, "CLIENT#" + after)));
        QueryResponse response = dynamo.query(query.build());
        List<ClientSummary> clients = response.items().stream()
                .map(item -> new ClientSummary(string(item, "clientId"), string(item, "clientName"))).toList();
        Optional<String> last = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                && !clients.isEmpty() ? Optional.of(clients.getLast().clientId()) : Optional.empty();
        return new ClientPage(clients, last);
    }

    /**
     * A Scan with the filter as a FilterExpression (see the class comment for its cost). The
     * position is the key the scan stopped at (or the last user returned), each part
     * Base64url-encoded; the filter value is only ever an expression attribute value.
     */
    @Override
    public UserPage listUsers(Optional<UserFilter> filter, int limit, Optional<String> position) {
        Map<String, AttributeValue> start = position.map(DynamoDbUserDirectory::fromPosition).orElse(null);
        var names = new HashMap<String, String>(Map.of("#sk", "sk"));
        var values = new HashMap<String, AttributeValue>(Map.of(":profile", s("PROFILE")));
        String expression = "#sk = :profile AND " + LIVE;
        if (filter.isPresent()) {
            expression += " AND (" + condition(filter.get(), names, values) + ")";
        }
        var users = new ArrayList<User>();
        for (int call = 0; call < SCAN_CALLS_PER_PAGE; call++) {
            var scan = ScanRequest.builder().tableName(table).consistentRead(true)
                    .filterExpression(expression).expressionAttributeNames(names).expressionAttributeValues(values)
                    .limit(SCAN_ITEMS_PER_CALL);
            if (start != null) {
                scan.exclusiveStartKey(start);
            }
            ScanResponse response = dynamo.scan(scan.build());
            for (Map<String, AttributeValue> item : response.items()) {
                users.add(toUser(item));
                if (users.size() == limit) {
                    // Stop at this user: the next page goes on after it, even if the scan read further.
                    return new UserPage(users, Optional.of(toPosition(key(string(item, "pk"), string(item, "sk")))));
                }
            }
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return new UserPage(users, Optional.empty());
            }
            start = response.lastEvaluatedKey();
        }
        return new UserPage(users, Optional.of(toPosition(start)));
    }

    /** The filter as a condition on a PROFILE item; values and names only as placeholders. */
    private static String condition(UserFilter filter, Map<String, String> names, Map<String, AttributeValue> values) {
        if (filter.attribute() == UserFilter.Attribute.STATUS) {
            var states = filter.enabledStates();
            if (states.isEmpty()) {
                return "attribute_not_exists(#sk)"; // no user: every item has a sort key
            }
            names.put("#enabled", "enabled");
            var terms = new ArrayList<String>();
            if (states.contains(true)) {
                values.put(":enabled", AttributeValue.fromBool(true));
                terms.add("attribute_not_exists(#enabled) OR #enabled = :enabled");
            }
            if (states.contains(false)) {
                values.put(":disabled", AttributeValue.fromBool(false));
                terms.add("#enabled = :disabled");
            }
            return String.join(" OR ", terms);
        }
        String path = "#field";
        switch (filter.attribute()) {
            case USERNAME -> names.put("#field", "username");
            case SUB -> names.put("#field", "sub");
            case USER_STATUS -> names.put("#field", "status");
            default -> {
                names.put("#attributes", "attributes");
                names.put("#field", filter.attribute().filterName());
                path = "#attributes.#field";
            }
        }
        values.put(":value", s(filter.comparedValue()));
        return filter.match() == UserFilter.Match.EXACT ? path + " = :value" : "begins_with(" + path + ", :value)";
    }

    private static String toPosition(Map<String, AttributeValue> key) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString(string(key, "pk").getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(string(key, "sk").getBytes(StandardCharsets.UTF_8));
    }

    /** A position this directory made, or {@link InvalidPosition}. */
    private static Map<String, AttributeValue> fromPosition(String position) {
        String[] parts = position.split("\\.", -1);
        if (parts.length != 2 || position.length() > MAX_POSITION_LENGTH) {
            throw new InvalidPosition();
        }
        try {
            String pk = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            String sk = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            // Keys of this table only: partition keys name their kind, no part is empty.
            if (pk.isEmpty() || sk.isEmpty() || !pk.contains("#") || pk.indexOf('\uFFFD') >= 0 || sk.indexOf('\uFFFD') >= 0) {
                throw new InvalidPosition();
            }
            return key(pk, sk);
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidPosition();
        }
    }

    private Map<String, AttributeValue> listEntry(AppClient client, LeaderRecord fence) {
        var item = new HashMap<>(key(CLIENTS_PK, "CLIENT#" + client.clientId()));
        item.put("clientId", s(client.clientId()));
        item.put("clientName", s(client.clientName()));
        transactions.stamp(item, fence);
        return item;
    }

    private static String versionCondition(long version) {
        return version == 0 ? VERSION_READ_ZERO : VERSION_READ;
    }

    private static Map<String, AttributeValue> versionRead(long version) {
        return version == 0 ? Map.of() : Map.of(":read", n(version));
    }

    private Map<String, AttributeValue> toItem(AppClient client, LeaderRecord fence) {
        var item = new HashMap<>(key("CLIENT#" + client.clientId(), "CLIENT"));
        item.put("clientId", s(client.clientId()));
        item.put("clientName", s(client.clientName()));
        if (!client.explicitAuthFlows().isEmpty()) {
            item.put("explicitAuthFlows", AttributeValue.fromSs(List.copyOf(client.explicitAuthFlows())));
        }
        item.put("accessTokenValiditySeconds", n(client.accessTokenValidity().toSeconds()));
        item.put("idTokenValiditySeconds", n(client.idTokenValidity().toSeconds()));
        item.put("refreshTokenValiditySeconds", n(client.refreshTokenValidity().toSeconds()));
        if (!client.allowedOAuthFlows().isEmpty()) {
            item.put("allowedOAuthFlows", AttributeValue.fromSs(List.copyOf(client.allowedOAuthFlows())));
        }
        if (!client.allowedOAuthScopes().isEmpty()) {
            item.put("allowedOAuthScopes", AttributeValue.fromSs(List.copyOf(client.allowedOAuthScopes())));
        }
        // Cognito's ReadAttributes and WriteAttributes; absent means the default (AppClient).
        if (!client.readAttributes().isEmpty()) {
            item.put("readAttributes", AttributeValue.fromSs(List.copyOf(client.readAttributes())));
        }
        if (!client.writeAttributes().isEmpty()) {
            item.put("writeAttributes", AttributeValue.fromSs(List.copyOf(client.writeAttributes())));
        }
        client.secret().ifPresent(secret -> {
            item.put("secretSha256", s(secret.sha256()));
            item.put("secretCiphertext", s(secret.ciphertext()));
        });
        ClientSettings settings = client.settings();
        item.put("accessTokenUnit", s(settings.tokenValidityUnits().accessToken().wireName()));
        item.put("idTokenUnit", s(settings.tokenValidityUnits().idToken().wireName()));
        item.put("refreshTokenUnit", s(settings.tokenValidityUnits().refreshToken().wireName()));
        item.put("allowedOAuthFlowsUserPoolClient", AttributeValue.fromBool(settings.allowedOAuthFlowsUserPoolClient()));
        // Lists (not sets): the order an administrator gave is the order shown back.
        item.put("callbackUrls", stringList(settings.callbackUrls()));
        item.put("logoutUrls", stringList(settings.logoutUrls()));
        settings.defaultRedirectUri().ifPresent(uri -> item.put("defaultRedirectUri", s(uri)));
        item.put("supportedIdentityProviders", stringList(settings.supportedIdentityProviders()));
        item.put("enableTokenRevocation", AttributeValue.fromBool(settings.enableTokenRevocation()));
        item.put("preventUserExistenceErrors", s(settings.preventUserExistenceErrors()));
        item.put("authSessionValidityMinutes", n(settings.authSessionValidityMinutes()));
        item.put("enablePropagateAdditionalUserContextData",
                AttributeValue.fromBool(settings.enablePropagateAdditionalUserContextData()));
        item.put("createdAt", millis(settings.createdAt()));
        item.put("lastModifiedAt", millis(settings.lastModifiedAt()));
        // Version 0 (a client written before versions, or seeded) is stored without one, as users are.
        if (client.version() > 0) {
            item.put("version", n(client.version()));
        }
        transactions.stamp(item, fence);
        return item;
    }

    private static AttributeValue stringList(List<String> values) {
        return AttributeValue.fromL(values.stream().map(Items::s).toList());
    }

    /**
     * {@code DECOY#<folded username>/DECOY}, written in the fenced transaction an update uses,
     * with the {@code ttl} the table expires items by; no read asks for that key.
     */
    @Override
    public void writeDecoy(Username username, Instant expiresAt, LeaderRecord fence) {
        var item = new HashMap<>(key("DECOY#" + username.key(), "DECOY"));
        item.put("ttl", n(expiresAt.getEpochSecond()));
        transactions.stamp(item, fence);
        write(fence, put(item, null));
    }

    /**
     * The profile is replaced by a tombstone, not removed: a removal carries no writer stamps, so a
     * delete and a change made in another region during a split could not be compared after the
     * heal, and the later of the two would silently win. The tombstone has the fence's stamps,
     * the next version and the ancestor an update would name, conditional on the copy it replaces
     * as an update is; no attribute or secret, and {@code ttl} {@link #TOMBSTONE_LIFETIME} out. The
     * username claim is removed as before: a sign-up of the name makes a new sub, which no
     * tombstone blocks.
     */
    @Override
    public void delete(User user, LeaderRecord fence) {
        String pk = "USER#" + user.sub();
        // The copy replaced: as this request read it, else as stored now (a delete names the user,
        // not a version of it). The write is conditional on that copy's version and stamps.
        Map<String, AttributeValue> read = profilesRead.at(pk, user.version());
        if (read == null) {
            read = get(key(pk, "PROFILE")).orElse(null);
        }
        // No user: the transaction still runs, so the fence is checked first, and fails on this item.
        boolean live = read != null && !isTombstone(read);
        long version = live ? numberOrZero(read, "version") : 0;
        var values = new HashMap<String, AttributeValue>();
        var tombstone = new HashMap<>(key(pk, "PROFILE"));
        tombstone.put("sub", s(user.sub()));
        tombstone.put(ItemImage.TOMBSTONE, AttributeValue.fromBool(true));
        tombstone.put("version", n(version + 1));
        tombstone.put("ttl", n(Instant.now().plus(TOMBSTONE_LIFETIME).getEpochSecond()));
        transactions.stampOnTop(tombstone, fence, live ? read : null);
        String condition = USER_EXISTS + " AND "
                + (live ? FencedTransactions.readStamps(read, values) : "attribute_not_exists(pk)") + " AND ";
        if (version == 0) {
            condition += "attribute_not_exists(version)";
        } else {
            values.put(":read", n(version));
            condition += "version = :read";
        }
        List<CancellationReason> reasons = write(fence,
                put(tombstone, condition, values),
                // The claim is released only if it still belongs to this user.
                delete(key("USERNAME#" + user.username().key(), "USERNAME"), "#sub = :sub", Map.of("#sub", "sub"),
                        Map.of(":sub", s(user.sub()))),
                // The user's MFA settings (DynamoDbMfaSettings) and devices (DynamoDbDevices), if
                // any, go with the user.
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key("USER#" + user.sub(), DynamoDbMfaSettings.SK)).build()).build(),
                // So do its passkeys and pending passkey challenge (DynamoDbPasskeys), and its devices.
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key("USER#" + user.sub(), DynamoDbPasskeys.SK)).build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key("USER#" + user.sub(), DynamoDbPasskeys.CHALLENGE_SK)).build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key("USER#" + user.sub(), DynamoDbDevices.SK)).build()).build());
        if (reasons != null) {
            if (failed(reasons, 0) && findBySub(user.sub()).isPresent()) {
                throw new ConcurrentUpdate(); // changed since it was read: deleted again from a fresh read
            }
            throw new IllegalStateException("user " + user.sub() + " is already deleted");
        }
        profilesRead.forget(pk);
        strongClaims.release(user.username().key(), user.sub());
        // Then its group memberships, a page at a time (a user may be in more groups than one
        // transaction holds). None can be added now that the profile is gone, and those not yet
        // removed name a user no read finds.
        groups.removeMemberships(user.sub(), fence);
    }

    /** The fenced transaction ({@link FencedTransactions#commitOrReasons}): null, or the reasons of the caller's items. */
    private List<CancellationReason> write(LeaderRecord fence, TransactWriteItem... items) {
        return transactions.commitOrReasons(fence, List.of(items));
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return FencedTransactions.failedCondition(reasons, index);
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        return put(item, condition, Map.of());
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        var put = Put.builder().tableName(table).item(item);
        if (condition != null) {
            put.conditionExpression(condition);
        }
        if (!values.isEmpty()) {
            put.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private TransactWriteItem delete(Map<String, AttributeValue> key, String condition, Map<String, String> names,
                                     Map<String, AttributeValue> values) {
        var delete = Delete.builder().tableName(table).key(key).conditionExpression(condition);
        if (!names.isEmpty()) {
            delete.expressionAttributeNames(names);
        }
        if (!values.isEmpty()) {
            delete.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().delete(delete.build()).build();
    }

    private Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
        var response = dynamo.getItem(GetItemRequest.builder().tableName(table).key(key).consistentRead(true).build());
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /**
     * The profile copy at {@code version} as this thread last read it ({@link #profile} keeps the
     * last few), else as stored now; empty when the stored copy is at another version (the write
     * would fail its condition). No extra read on a request's usual path: the user was read first.
     */
    private Optional<Map<String, AttributeValue>> readCopy(String pk, long version) {
        Map<String, AttributeValue> read = profilesRead.at(pk, version);
        if (read == null) {
            read = get(key(pk, "PROFILE")).orElse(null);
        }
        return read != null && numberOrZero(read, "version") == version ? Optional.of(read) : Optional.empty();
    }

    private static long numberOrZero(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? number(item, name) : 0;
    }

    private Map<String, AttributeValue> toItem(User user, LeaderRecord fence, Map<String, AttributeValue> read) {
        var item = new HashMap<>(key("USER#" + user.sub(), "PROFILE"));
        item.put("sub", s(user.sub()));
        item.put("username", s(user.username().value()));
        item.put("status", s(user.status().name()));
        item.put("enabled", AttributeValue.fromBool(user.enabled()));
        var attributes = new HashMap<String, AttributeValue>();
        user.attributes().forEach((k, v) -> attributes.put(k, s(v)));
        item.put("attributes", AttributeValue.fromM(attributes));
        item.put("attributeOrder", AttributeValue.fromL(user.attributes().keySet().stream().map(Items::s).toList()));
        item.put("passwordHash", s(user.passwordHash()));
        if (user.hasSrpVerifier()) {
            item.put("srpVerifier", s(user.srpVerifier()));
        }
        user.confirmationCode().ifPresent(code -> {
            item.put("confirmationCodeHash", s(code.codeHash()));
            item.put("confirmationCodeExpiresAt", millis(code.expiresAt()));
            if (code.failedAttempts() > 0) {
                item.put("confirmationCodeFailures", n(code.failedAttempts()));
            }
            item.put("confirmationCodeWindowStart", millis(code.windowStart()));
            item.put("confirmationCodeSends", n(code.sends()));
            code.newEmail().ifPresent(address -> item.put("confirmationCodeNewEmail", s(address)));
        });
        user.temporaryPasswordExpiresAt().ifPresent(expiry -> item.put("temporaryPasswordExpiresAt", millis(expiry)));
        item.put("createdAt", millis(user.createdAt()));
        item.put("updatedAt", millis(user.updatedAt()));
        item.put("version", n(user.version()));
        if (read == null && user.version() != FIRST_VERSION) {
            transactions.stamp(item, fence); // never stored: its condition fails
        } else {
            transactions.stampOnTop(item, fence, read);
        }
        return item;
    }

    private static User toUser(Map<String, AttributeValue> item) {
        var stored = item.getOrDefault("attributes", AttributeValue.fromM(Map.of())).m();
        var attributes = new LinkedHashMap<String, String>();
        if (item.containsKey("attributeOrder")) {
            for (AttributeValue name : item.get("attributeOrder").l()) {
                if (stored.containsKey(name.s())) {
                    attributes.put(name.s(), stored.get(name.s()).s());
                }
            }
        }
        stored.forEach((k, v) -> attributes.putIfAbsent(k, v.s()));
        Optional<PendingCode> code = optionalString(item, "confirmationCodeHash")
                .map(hash -> new PendingCode(hash, instant(item, "confirmationCodeExpiresAt"),
                        item.containsKey("confirmationCodeFailures") ? (int) number(item, "confirmationCodeFailures") : 0,
                        // A code stored before windows existed opens no window: the next code starts one.
                        item.containsKey("confirmationCodeWindowStart")
                                ? instant(item, "confirmationCodeWindowStart") : Instant.EPOCH,
                        item.containsKey("confirmationCodeSends") ? (int) number(item, "confirmationCodeSends") : 1,
                        optionalString(item, "confirmationCodeNewEmail")));
        return new User(
                string(item, "sub"),
                Username.of(string(item, "username")),
                UserStatus.valueOf(string(item, "status")),
                bool(item, "enabled", true),
                attributes,
                string(item, "passwordHash"),
                code,
                instant(item, "createdAt"),
                instant(item, "updatedAt"),
                item.containsKey("version") ? number(item, "version") : 0,
                // Users stored before SRP sign-in have none; they get one at their next password sign-in.
                optionalString(item, "srpVerifier").orElse(""),
                // Only a temporary password has an expiry; users stored before it existed have none.
                item.containsKey("temporaryPasswordExpiresAt")
                        ? Optional.of(instant(item, "temporaryPasswordExpiresAt")) : Optional.empty());
    }

    private static AppClient toClient(Map<String, AttributeValue> item) {
        Optional<StoredClientSecret> secret = optionalString(item, "secretSha256")
                .map(sha256 -> new StoredClientSecret(sha256, string(item, "secretCiphertext")));
        return new AppClient(
                string(item, "clientId"),
                string(item, "clientName"),
                stringSet(item, "explicitAuthFlows"),
                Duration.ofSeconds(number(item, "accessTokenValiditySeconds")),
                Duration.ofSeconds(number(item, "idTokenValiditySeconds")),
                Duration.ofSeconds(number(item, "refreshTokenValiditySeconds")),
                stringSet(item, "allowedOAuthFlows"),
                stringSet(item, "allowedOAuthScopes"),
                secret,
                stringSet(item, "readAttributes"),
                stringSet(item, "writeAttributes"),
                settings(item),
                item.containsKey("version") ? number(item, "version") : 0);
    }

    /** Items written before the settings were kept read as Cognito's defaults. */
    private static ClientSettings settings(Map<String, AttributeValue> item) {
        ClientSettings defaults = ClientSettings.defaultsFor(Duration.ofSeconds(number(item, "accessTokenValiditySeconds")),
                Duration.ofSeconds(number(item, "idTokenValiditySeconds")),
                Duration.ofSeconds(number(item, "refreshTokenValiditySeconds")));
        TokenValidityUnits units = item.containsKey("accessTokenUnit")
                ? new TokenValidityUnits(TokenValidityUnits.Unit.fromWire(string(item, "accessTokenUnit")),
                        TokenValidityUnits.Unit.fromWire(string(item, "idTokenUnit")),
                        TokenValidityUnits.Unit.fromWire(string(item, "refreshTokenUnit")))
                : defaults.tokenValidityUnits();
        return new ClientSettings(units,
                bool(item, "allowedOAuthFlowsUserPoolClient", defaults.allowedOAuthFlowsUserPoolClient()),
                stringList(item, "callbackUrls"),
                stringList(item, "logoutUrls"),
                optionalString(item, "defaultRedirectUri"),
                stringList(item, "supportedIdentityProviders"),
                bool(item, "enableTokenRevocation", defaults.enableTokenRevocation()),
                optionalString(item, "preventUserExistenceErrors").orElse(defaults.preventUserExistenceErrors()),
                item.containsKey("authSessionValidityMinutes") ? (int) number(item, "authSessionValidityMinutes")
                        : defaults.authSessionValidityMinutes(),
                bool(item, "enablePropagateAdditionalUserContextData", defaults.enablePropagateAdditionalUserContextData()),
                item.containsKey("createdAt") ? instant(item, "createdAt") : defaults.createdAt(),
                item.containsKey("lastModifiedAt") ? instant(item, "lastModifiedAt") : defaults.lastModifiedAt());
    }

    private static List<String> stringList(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? item.get(name).l().stream().map(AttributeValue::s).toList() : List.of();
    }

    private static Set<String> stringSet(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? Set.copyOf(item.get(name).ss()) : Set.of();
    }
}
