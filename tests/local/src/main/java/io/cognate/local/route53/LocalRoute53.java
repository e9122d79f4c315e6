package io.cognate.local.route53;

import com.sun.net.httpserver.HttpExchange;
import io.cognate.local.LoopbackServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A local Amazon Route 53 endpoint speaking the service's REST-XML protocol (API version
 * 2013-04-01) on 127.0.0.1, so the real AWS SDK client works against it through
 * {@code endpointOverride}. It offers CreateHostedZone, GetHostedZone, ChangeResourceRecordSets
 * (CREATE, UPSERT, DELETE), GetChange and ListResourceRecordSets. Signatures are not checked.
 *
 * <p>Like Route 53, a change is PENDING when accepted and INSYNC once propagated; here propagation
 * takes {@link #setPropagationDelay} (none by default, so it is INSYNC on the first GetChange).
 */
public final class LocalRoute53 implements Route53Zones {
    static final String NAMESPACE = "https://route53.amazonaws.com/doc/2013-04-01/";
    private static final String PREFIX = "/2013-04-01/";
    private static final Pattern ZONE_PATH = Pattern.compile("hostedzone/([^/]+)");
    private static final Pattern RRSET_PATH = Pattern.compile("hostedzone/([^/]+)/rrset/?");
    private static final Pattern CHANGE_PATH = Pattern.compile("change/([^/]+)");
    private static final Set<String> TYPES = Set.of("A", "AAAA", "CAA", "CNAME", "DS", "MX", "NAPTR", "NS", "PTR",
            "SOA", "SPF", "SRV", "TXT");
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final LoopbackServer server;
    private final Map<String, Zone> zones = new ConcurrentHashMap<>();
    private final Map<String, ChangeRecord> changes = new ConcurrentHashMap<>();
    private final List<Consumer<RecordSet>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Clock clock;
    private volatile Duration propagationDelay = Duration.ZERO;

    private record Zone(String id, String name, String callerReference, String comment,
                        Map<String, RecordSet> records) {
    }

    private record ChangeRecord(String id, Instant submittedAt, String comment) {
    }

    /** Binds 127.0.0.1:{@code port} (0 picks a free port); call {@link #start()} to serve. */
    public LocalRoute53(int port, Clock clock) {
        this.clock = clock;
        server = LoopbackServer.bind("local-route53", port, this::handle);
    }

    public LocalRoute53 start() {
        server.start();
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public void setPropagationDelay(Duration delay) {
        this.propagationDelay = delay;
    }

    /** Calls {@code listener} with every record set written by a change, after it is stored. */
    public void onChange(Consumer<RecordSet> listener) {
        listeners.add(listener);
    }

    /** Creates a zone directly (what CreateHostedZone does); returns its id, e.g. {@code Z0123ABC}. */
    public String createZone(String name) {
        return createZone(name, UUID.randomUUID().toString(), "").id();
    }

    /** The record set {@code name}/{@code type} of a zone, as a resolver would find it. */
    public Optional<RecordSet> find(String zoneId, String name, String type) {
        Zone zone = zones.get(zoneId);
        return zone == null ? Optional.empty() : Optional.ofNullable(zone.records().get(key(absolute(name), type)));
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            int status = 200;
            String body;
            try {
                Answer answer = dispatch(exchange);
                status = answer.status();
                body = answer.xml();
                answer.location().ifPresent(location -> exchange.getResponseHeaders().set("Location", location));
            } catch (Route53Error error) {
                status = error.status();
                body = errorXml(error, requestId);
            } catch (RuntimeException unexpected) {
                status = 500;
                body = errorXml("Receiver", "InternalFailure", "Local Route 53 failed: " + unexpected, requestId);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // The client went away; nobody is left to answer.
        }
    }

    private record Answer(int status, String xml, Optional<String> location) {
        static Answer ok(String xml) {
            return new Answer(200, xml, Optional.empty());
        }
    }

    private Answer dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (!path.startsWith(PREFIX)) {
            throw Route53Error.unknownOperation("No operation at " + method + " " + path);
        }
        String rest = path.substring(PREFIX.length());
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Matcher matcher;
        if ("POST".equals(method) && (rest.equals("hostedzone") || rest.equals("hostedzone/"))) {
            return createHostedZone(read(exchange));
        }
        if ((matcher = RRSET_PATH.matcher(rest)).matches()) {
            String zoneId = decode(matcher.group(1));
            return switch (method) {
                case "POST" -> Answer.ok(changeResourceRecordSets(zoneId, read(exchange)));
                case "GET" -> Answer.ok(listResourceRecordSets(zoneId, query));
                default -> throw Route53Error.unknownOperation("No operation at " + method + " " + path);
            };
        }
        if ("GET".equals(method) && (matcher = ZONE_PATH.matcher(rest)).matches()) {
            return Answer.ok(getHostedZone(decode(matcher.group(1))));
        }
        if ("GET".equals(method) && (matcher = CHANGE_PATH.matcher(rest)).matches()) {
            return Answer.ok(getChange(decode(matcher.group(1))));
        }
        throw Route53Error.unknownOperation("No operation at " + method + " " + path);
    }

    // ---- operations ----------------------------------------------------------------------------

    private Answer createHostedZone(Element request) {
        String name = requiredText(request, "Name");
        String callerReference = requiredText(request, "CallerReference");
        for (Zone zone : zones.values()) {
            if (zone.callerReference().equals(callerReference)) {
                throw Route53Error.hostedZoneAlreadyExists("A hosted zone has already been created with the caller reference "
                        + callerReference);
            }
        }
        String comment = child(request, "HostedZoneConfig").flatMap(c -> text(c, "Comment")).orElse("");
        Zone zone = createZone(name, callerReference, comment);
        ChangeRecord change = newChange("create zone " + zone.name());
        String xml = "<CreateHostedZoneResponse xmlns=\"" + NAMESPACE + "\">" + zoneXml(zone) + changeInfoXml(change, true)
                + "<DelegationSet><NameServers>" + nameServersXml() + "</NameServers></DelegationSet></CreateHostedZoneResponse>";
        return new Answer(201, xml, Optional.of(PREFIX + "hostedzone/" + zone.id()));
    }

    private Zone createZone(String name, String callerReference, String comment) {
        String zoneName = absolute(name);
        String id = "Z" + randomId(13);
        Zone zone = new Zone(id, zoneName, callerReference, comment, new ConcurrentHashMap<>());
        zone.records().put(key(zoneName, "SOA"), new RecordSet(zoneName, "SOA", Optional.of(900L),
                List.of("ns-1.local.cognate. hostmaster.local.cognate. 1 7200 900 1209600 86400"), Optional.empty()));
        zone.records().put(key(zoneName, "NS"), new RecordSet(zoneName, "NS", Optional.of(172800L),
                List.of("ns-1.local.cognate.", "ns-2.local.cognate."), Optional.empty()));
        zones.put(id, zone);
        return zone;
    }

    private String getHostedZone(String zoneId) {
        Zone zone = zone(zoneId);
        return "<GetHostedZoneResponse xmlns=\"" + NAMESPACE + "\">" + zoneXml(zone)
                + "<DelegationSet><NameServers>" + nameServersXml() + "</NameServers></DelegationSet></GetHostedZoneResponse>";
    }

    private String changeResourceRecordSets(String zoneId, Element request) {
        Zone zone = zone(zoneId);
        Element batch = child(request, "ChangeBatch").orElseThrow(() -> Route53Error.invalidInput("ChangeBatch is required"));
        String comment = text(batch, "Comment").orElse("");
        Element changesElement = child(batch, "Changes").orElseThrow(() -> Route53Error.invalidInput("Changes is required"));
        List<Element> changeElements = children(changesElement, "Change");
        if (changeElements.isEmpty()) {
            throw Route53Error.invalidInput("Changes must contain at least one Change");
        }
        // Validate the whole batch against a copy first: Route 53 applies a batch all or nothing.
        synchronized (zone) {
            Map<String, RecordSet> updated = new LinkedHashMap<>(zone.records());
            List<RecordSet> written = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Element change : changeElements) {
                String action = requiredText(change, "Action");
                RecordSet record = recordSet(child(change, "ResourceRecordSet")
                        .orElseThrow(() -> Route53Error.invalidInput("ResourceRecordSet is required")), zone);
                String key = key(record.name(), record.type());
                switch (action) {
                    case "CREATE" -> {
                        if (updated.containsKey(key)) {
                            problems.add("Tried to create resource record set [name='" + record.name() + "', type='"
                                    + record.type() + "'] but it already exists");
                        }
                        updated.put(key, record);
                        written.add(record);
                    }
                    case "UPSERT" -> {
                        updated.put(key, record);
                        written.add(record);
                    }
                    case "DELETE" -> {
                        RecordSet existing = updated.get(key);
                        if (existing == null || !existing.equals(record)) {
                            problems.add("Tried to delete resource record set [name='" + record.name() + "', type='"
                                    + record.type() + "'] but it was not found");
                        }
                        updated.remove(key);
                    }
                    default -> throw Route53Error.invalidInput("Invalid XML ; Action " + action
                            + " is not one of CREATE, DELETE, UPSERT");
                }
            }
            if (!problems.isEmpty()) {
                throw Route53Error.invalidChangeBatch("[" + String.join(", ", problems) + "]");
            }
            zone.records().clear();
            zone.records().putAll(updated);
            written.forEach(record -> listeners.forEach(listener -> listener.accept(record)));
        }
        ChangeRecord change = newChange(comment);
        return "<ChangeResourceRecordSetsResponse xmlns=\"" + NAMESPACE + "\">" + changeInfoXml(change, true)
                + "</ChangeResourceRecordSetsResponse>";
    }

    private String getChange(String changeId) {
        ChangeRecord change = changes.get(changeId);
        if (change == null) {
            throw Route53Error.noSuchChange(changeId);
        }
        return "<GetChangeResponse xmlns=\"" + NAMESPACE + "\">" + changeInfoXml(change, false) + "</GetChangeResponse>";
    }

    private String listResourceRecordSets(String zoneId, Map<String, String> query) {
        Zone zone = zone(zoneId);
        int maxItems = 300;
        if (query.containsKey("maxitems")) {
            try {
                maxItems = Integer.parseInt(query.get("maxitems"));
            } catch (NumberFormatException e) {
                throw Route53Error.invalidInput("maxitems must be a number");
            }
            if (maxItems < 1 || maxItems > 300) {
                throw Route53Error.invalidInput("maxitems must be between 1 and 300");
            }
        }
        String startName = query.containsKey("name") ? absolute(query.get("name")) : null;
        String startType = query.get("type");
        if (startType != null && startName == null) {
            throw Route53Error.invalidInput("The input is not valid: type requires name");
        }
        // Route 53 lists in the order of the names' labels read from the right, then by type.
        List<RecordSet> sorted = zone.records().values().stream()
                .sorted(Comparator.comparing((RecordSet r) -> reversedLabels(r.name())).thenComparing(RecordSet::type))
                .toList();
        List<RecordSet> page = new ArrayList<>();
        RecordSet next = null;
        for (RecordSet record : sorted) {
            if (startName != null) {
                int byName = reversedLabels(record.name()).compareTo(reversedLabels(startName));
                if (byName < 0 || (byName == 0 && startType != null && record.type().compareTo(startType) < 0)) {
                    continue;
                }
            }
            if (page.size() == maxItems) {
                next = record;
                break;
            }
            page.add(record);
        }
        StringBuilder xml = new StringBuilder("<ListResourceRecordSetsResponse xmlns=\"" + NAMESPACE + "\"><ResourceRecordSets>");
        page.forEach(record -> xml.append(recordSetXml(record)));
        xml.append("</ResourceRecordSets><IsTruncated>").append(next != null).append("</IsTruncated>");
        if (next != null) {
            xml.append(element("NextRecordName", next.name())).append(element("NextRecordType", next.type()));
        }
        xml.append(element("MaxItems", Integer.toString(maxItems))).append("</ListResourceRecordSetsResponse>");
        return xml.toString();
    }

    // ---- model ---------------------------------------------------------------------------------

    private Zone zone(String zoneId) {
        String id = zoneId.startsWith("/hostedzone/") ? zoneId.substring("/hostedzone/".length()) : zoneId;
        Zone zone = zones.get(id);
        if (zone == null) {
            throw Route53Error.noSuchHostedZone(id);
        }
        return zone;
    }

    private RecordSet recordSet(Element element, Zone zone) {
        String name = absolute(requiredText(element, "Name"));
        String type = requiredText(element, "Type");
        if (!TYPES.contains(type)) {
            throw Route53Error.invalidInput("Invalid XML ; Type " + type + " is not a valid record type");
        }
        if (!name.equals(zone.name()) && !name.endsWith("." + zone.name())) {
            throw Route53Error.invalidChangeBatch("[RRSet with DNS name " + name + " is not permitted in zone " + zone.name() + "]");
        }
        if (type.equals("CNAME") && name.equals(zone.name())) {
            throw Route53Error.invalidChangeBatch("[RRSet of type CNAME with DNS name " + name
                    + " is not permitted at apex in zone " + zone.name() + "]");
        }
        Optional<Element> aliasElement = child(element, "AliasTarget");
        Optional<Long> ttl = text(element, "TTL").map(LocalRoute53::ttl);
        List<String> values = child(element, "ResourceRecords")
                .map(records -> children(records, "ResourceRecord").stream().map(r -> requiredText(r, "Value")).toList())
                .orElse(List.of());
        if (aliasElement.isPresent()) {
            if (ttl.isPresent() || !values.isEmpty()) {
                throw Route53Error.invalidChangeBatch("[Alias target records must not have a TTL or resource records]");
            }
            Element alias = aliasElement.get();
            return new RecordSet(name, type, Optional.empty(), List.of(), Optional.of(new RecordSet.Alias(
                    requiredText(alias, "HostedZoneId"), absolute(requiredText(alias, "DNSName")),
                    Boolean.parseBoolean(requiredText(alias, "EvaluateTargetHealth")))));
        }
        if (ttl.isEmpty() || values.isEmpty()) {
            throw Route53Error.invalidChangeBatch("[Invalid Resource Record: a non-alias record needs a TTL and ResourceRecords]");
        }
        if (type.equals("CNAME") && values.size() != 1) {
            throw Route53Error.invalidChangeBatch("[RRSet of type CNAME with DNS name " + name + " must have exactly one value]");
        }
        return new RecordSet(name, type, ttl, values, Optional.empty());
    }

    private static long ttl(String text) {
        try {
            long ttl = Long.parseLong(text);
            if (ttl < 0 || ttl > 2147483647L) {
                throw new NumberFormatException();
            }
            return ttl;
        } catch (NumberFormatException e) {
            throw Route53Error.invalidInput("Invalid XML ; TTL " + text + " is not a valid TTL");
        }
    }

    private ChangeRecord newChange(String comment) {
        ChangeRecord change = new ChangeRecord("C" + randomId(13), clock.instant(), comment);
        changes.put(change.id(), change);
        return change;
    }

    /** Route 53 never answers a change request with INSYNC; GetChange reports propagation. */
    private String changeInfoXml(ChangeRecord change, boolean submitted) {
        boolean propagated = !submitted && !clock.instant().isBefore(change.submittedAt().plus(propagationDelay));
        return "<ChangeInfo>" + element("Id", "/change/" + change.id())
                + element("Status", propagated ? "INSYNC" : "PENDING")
                + element("SubmittedAt", change.submittedAt().truncatedTo(ChronoUnit.MILLIS).toString())
                + (change.comment().isEmpty() ? "" : element("Comment", change.comment())) + "</ChangeInfo>";
    }

    // ---- XML -----------------------------------------------------------------------------------

    private String zoneXml(Zone zone) {
        return "<HostedZone>" + element("Id", "/hostedzone/" + zone.id()) + element("Name", zone.name())
                + element("CallerReference", zone.callerReference())
                + "<Config>" + (zone.comment().isEmpty() ? "" : element("Comment", zone.comment()))
                + "<PrivateZone>false</PrivateZone></Config>"
                + element("ResourceRecordSetCount", Integer.toString(zone.records().size())) + "</HostedZone>";
    }

    private static String nameServersXml() {
        return element("NameServer", "ns-1.local.cognate") + element("NameServer", "ns-2.local.cognate");
    }

    private static String recordSetXml(RecordSet record) {
        StringBuilder xml = new StringBuilder("<ResourceRecordSet>").append(element("Name", record.name()))
                .append(element("Type", record.type()));
        record.alias().ifPresent(alias -> xml.append("<AliasTarget>").append(element("HostedZoneId", alias.hostedZoneId()))
                .append(element("DNSName", alias.dnsName()))
                .append(element("EvaluateTargetHealth", Boolean.toString(alias.evaluateTargetHealth()))).append("</AliasTarget>"));
        record.ttl().ifPresent(ttl -> xml.append(element("TTL", Long.toString(ttl))));
        if (!record.values().isEmpty()) {
            xml.append("<ResourceRecords>");
            record.values().forEach(value -> xml.append("<ResourceRecord>").append(element("Value", value)).append("</ResourceRecord>"));
            xml.append("</ResourceRecords>");
        }
        return xml.append("</ResourceRecordSet>").toString();
    }

    private static String errorXml(Route53Error error, String requestId) {
        return errorXml(error.status() >= 500 ? "Receiver" : "Sender", error.code(), error.getMessage(), requestId);
    }

    private static String errorXml(String type, String code, String message, String requestId) {
        return "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error>" + element("Type", type) + element("Code", code)
                + element("Message", message) + "</Error>" + element("RequestId", requestId) + "</ErrorResponse>";
    }

    private static String element(String name, String text) {
        return "<" + name + ">" + escape(text) + "</" + name + ">";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Element read(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw Route53Error.invalidInput("Request body is too large");
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            // No DTDs and no external entities: the parser reads only what the request holds.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            Document document = builder.parse(new ByteArrayInputStream(body));
            return document.getDocumentElement();
        } catch (Exception e) {
            throw Route53Error.invalidInput("Invalid XML ; the request body could not be parsed");
        }
    }

    private static Optional<Element> child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && name.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static Optional<String> text(Element parent, String name) {
        return child(parent, name).map(e -> e.getTextContent().trim());
    }

    private static String requiredText(Element parent, String name) {
        return text(parent, name).filter(t -> !t.isEmpty())
                .orElseThrow(() -> Route53Error.invalidInput("Invalid XML ; " + name + " is required"));
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            query.put(name.toLowerCase(Locale.ROOT), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    static String absolute(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    private static String key(String name, String type) {
        return name + " " + type;
    }

    private static String reversedLabels(String name) {
        List<String> labels = new ArrayList<>(List.of(name.split("\\.")));
        java.util.Collections.reverse(labels);
        return String.join(".", labels);
    }

    private static String randomId(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
