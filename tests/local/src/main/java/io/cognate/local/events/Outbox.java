package io.cognate.local.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpHandler;
import io.cognate.domain.events.SignInHistory;
import io.cognate.local.gateway.JsonHttp;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local stand-in for e-mail and SMS: collects the verification codes the service asks to
 * deliver ({@code CodeDeliveryRequested} events) and shows them on stdout and at
 * {@code GET /_local/outbox}. Printing codes is intended here; nothing leaves the machine.
 */
public final class Outbox implements Consumer<LocalEvent> {

    public static final String DETAIL_TYPE = "CodeDeliveryRequested";
    /** The purpose of a refused sign-in's notice, whose code is the event's feedback token. */
    public static final String SIGN_IN_REFUSED = SignInHistory.NOTICE_PURPOSE;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintStream console;
    private final List<Entry> entries = new ArrayList<>();

    public Outbox(PrintStream console) {
        this.console = console;
    }

    public Outbox() {
        this(System.out);
    }

    /** A new outbox subscribed to {@code bus}. */
    public static Outbox listeningTo(LocalEventBridge bus) {
        Outbox outbox = new Outbox();
        bus.subscribe(outbox);
        return outbox;
    }

    @Override
    public void accept(LocalEvent event) {
        if (!DETAIL_TYPE.equals(event.detailType())) {
            return;
        }
        String region = event.detailText("region");
        Entry entry = new Entry(event.detailText("username"), event.detailText("destination"),
                event.detailText("deliveryMedium"), event.detailText("code"), event.detailText("purpose"),
                region == null ? event.region() : region, event.time(), event.detailText("emailSubject"),
                event.detailText("emailMessage"));
        synchronized (entries) {
            entries.add(entry);
        }
        console.println(entry.describe());
    }

    /** Every code so far, newest last. */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /**
     * The newest code sent to {@code username}, if any. A refused sign-in's notice carries a
     * feedback token, not a code to type in, and is passed over ({@link #latestFor}).
     */
    public Optional<String> latestCodeFor(String username) {
        List<Entry> snapshot = entries();
        for (int i = snapshot.size() - 1; i >= 0; i--) {
            if (username.equals(snapshot.get(i).username()) && !SIGN_IN_REFUSED.equals(snapshot.get(i).purpose())) {
                return Optional.ofNullable(snapshot.get(i).code());
            }
        }
        return Optional.empty();
    }

    /** The newest entry for {@code username} with {@code purpose} (e.g. {@code SignInRefused}), if any. */
    public Optional<Entry> latestFor(String username, String purpose) {
        List<Entry> snapshot = entries();
        for (int i = snapshot.size() - 1; i >= 0; i--) {
            if (username.equals(snapshot.get(i).username()) && purpose.equals(snapshot.get(i).purpose())) {
                return Optional.of(snapshot.get(i));
            }
        }
        return Optional.empty();
    }

    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    /** The entries as a JSON array, newest last. */
    public String asJson() {
        ArrayNode array = MAPPER.createArrayNode();
        for (Entry entry : entries()) {
            array.addObject()
                    .put("username", entry.username())
                    .put("destination", entry.destination())
                    .put("deliveryMedium", entry.deliveryMedium())
                    .put("code", entry.code())
                    .put("purpose", entry.purpose())
                    .put("region", entry.region())
                    .put("time", entry.time().toString())
                    .put("emailSubject", entry.emailSubject())
                    .put("emailMessage", entry.emailMessage());
        }
        return array.toString();
    }

    /** Serves {@link #asJson()}; register it with the front door at {@code /_local/outbox}. */
    public HttpHandler httpHandler() {
        return exchange -> {
            try (exchange) {
                JsonHttp.sendJsonText(exchange, 200, asJson());
            }
        };
    }

    /**
     * One code the service asked to deliver; {@code emailSubject} and {@code emailMessage} are the
     * CustomMessage trigger's e-mail, null when the default message is sent.
     */
    public record Entry(String username, String destination, String deliveryMedium, String code,
                        String purpose, String region, Instant time, String emailSubject, String emailMessage) {

        String describe() {
            return "outbox: code " + code + " for " + username + " -> " + destination
                    + " (" + purpose + ", " + region + ")";
        }
    }
}
