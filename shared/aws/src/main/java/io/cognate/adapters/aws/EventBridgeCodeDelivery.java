package io.cognate.adapters.aws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cognate.domain.CognitoException;
import io.cognate.http.JsonTreeCodec;
import io.cognate.ports.CodeDelivery;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Publishes a {@code CodeDeliveryRequested} event; the bus's consumer sends the e-mail. Keeping
 * delivery out of the sign-up path means a slow mail provider never slows sign-up.
 */
public final class EventBridgeCodeDelivery implements CodeDelivery {
    public static final String SOURCE = "cognate.identity";
    public static final String DETAIL_TYPE = "CodeDeliveryRequested";
    /** A decoy's detail type: no sender's rule matches it, so nothing is delivered. */
    public static final String DECOY_DETAIL_TYPE = "CodeDeliveryDecoy";

    private final Supplier<EventBridgeClient> events;
    private final String busName;

    public EventBridgeCodeDelivery(EventBridgeClient events, String busName) {
        this(() -> events, busName);
    }

    /** With the client built at the first event ({@link AwsClients#eventBridge()}). */
    public EventBridgeCodeDelivery(Supplier<EventBridgeClient> events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    @Override
    public void send(Request request) {
        publish(DETAIL_TYPE, request);
    }

    /** The same event, same size, under {@link #DECOY_DETAIL_TYPE}. */
    @Override
    public void sendDecoy(Request request) {
        publish(DECOY_DETAIL_TYPE, request);
    }

    private void publish(String detailType, Request request) {
        var detail = JsonNodeFactory.instance.objectNode();
        detail.put("username", request.username());
        detail.put("destination", request.destination());
        detail.put("deliveryMedium", request.deliveryMedium());
        detail.put("code", request.code());
        detail.put("purpose", request.purpose());
        detail.put("region", request.region());
        if (request.emailMessage() != null) {
            // The CustomMessage trigger's e-mail, which the sender uses in place of its template.
            detail.put("emailSubject", request.emailSubject());
            detail.put("emailMessage", request.emailMessage());
        }
        String json = JsonTreeCodec.LENIENT.write(detail);
        var response = events.get().putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(SOURCE)
                .detailType(detailType)
                .detail(json)
                .build()));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            throw new CognitoException("CodeDeliveryFailureException", "Unable to deliver the code.");
        }
    }
}
