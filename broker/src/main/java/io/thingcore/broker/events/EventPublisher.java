package io.thingcore.broker.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.Router;
import io.thingcore.broker.routing.Subscriber;
import io.thingcore.broker.routing.Subscription;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the broker's own events: JITR registrations (AWS IoT Developer Guide, auto-register-device-cert) and the
 * lifecycle events ("Lifecycle events") with AWS's JSON fields. Every event is a QoS 1 message routed like any other,
 * so subscribers need {@code iot:Subscribe} and {@code iot:Receive} as usual.
 */
public final class EventPublisher {
    public static final String CERTIFICATE_REGISTERED = "$aws/events/certificates/registered/";
    public static final String PRESENCE = "$aws/events/presence/";
    public static final String SUBSCRIPTIONS = "$aws/events/subscriptions/";

    /** AWS's only documented {@code connectFailureReason} (AWS IoT Developer Guide, "Lifecycle events"). */
    public static final String AUTHORIZATION_FAILED = "AUTHORIZATION_FAILED";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Router router;
    private final String accountId;
    private final Clock clock;

    public EventPublisher(Router router, String accountId, Clock clock) {
        this.router = router;
        this.accountId = accountId;
        this.clock = clock;
    }

    /**
     * JITR (AWS IoT Developer Guide, auto-register-device-cert):
     * {@code $aws/events/certificates/registered/<caCertificateId>} with the documented fields;
     * {@code certificateRegistrationTimestamp} is null and {@code sourceIp} present, as observed in a real event in
     * 2023 (not documented by AWS).
     */
    public void certificateRegistered(String certificateId, String caCertificateId, @Nullable String sourceIp) {
        publish(CERTIFICATE_REGISTERED + caCertificateId, () -> {
            ObjectNode event = JSON.createObjectNode();
            event.put("certificateId", certificateId);
            event.put("caCertificateId", caCertificateId);
            event.put("timestamp", clock.millis());
            event.put("certificateStatus", "PENDING_ACTIVATION");
            event.put("awsAccountId", accountId);
            event.putNull("certificateRegistrationTimestamp");
            if (sourceIp != null) {
                event.put("sourceIp", sourceIp);
            }
            return event;
        });
    }

    /** Whether a client ID gets lifecycle events: AWS publishes none for IDs containing {@code #} or {@code +}. */
    public static boolean hasLifecycleEvents(String clientId) {
        return clientId != null && clientId.indexOf('#') < 0 && clientId.indexOf('+') < 0;
    }

    /** {@code $aws/events/presence/connected/<clientId>} ("Lifecycle events"). */
    public void connected(Lifecycle who) {
        publish(PRESENCE + "connected/" + who.clientId(), who.clientId(), () -> {
            ObjectNode event = common(who, "connected");
            event.put("ipAddress", who.ipAddress());
            event.put("versionNumber", who.versionNumber());
            return event;
        });
    }

    /**
     * {@code $aws/events/presence/disconnected/<clientId>} with AWS's {@code disconnectReason} ("Lifecycle events").
     */
    public void disconnected(Lifecycle who, String disconnectReason, boolean clientInitiated) {
        publish(PRESENCE + "disconnected/" + who.clientId(), who.clientId(), () -> {
            ObjectNode event = common(who, "disconnected");
            event.put("clientInitiatedDisconnect", clientInitiated);
            event.put("disconnectReason", disconnectReason);
            event.put("versionNumber", who.versionNumber());
            return event;
        });
    }

    /** {@code $aws/events/presence/connect_failed/<clientId>} ("Lifecycle events"). */
    public void connectFailed(Lifecycle who, String connectFailureReason) {
        publish(PRESENCE + "connect_failed/" + who.clientId(), who.clientId(), () -> {
            ObjectNode event = common(who, "connect_failed");
            event.put("connectFailureReason", connectFailureReason);
            event.put("ipAddress", who.ipAddress());
            return event;
        });
    }

    /** {@code $aws/events/subscriptions/subscribed/<clientId>} with the granted filters ("Lifecycle events"). */
    public void subscribed(Lifecycle who, List<String> topics) {
        subscriptions(who, "subscribed", topics);
    }

    /**
     * {@code $aws/events/subscriptions/unsubscribed/<clientId>} with the filters of the UNSUBSCRIBE ("Lifecycle
     * events").
     */
    public void unsubscribed(Lifecycle who, List<String> topics) {
        subscriptions(who, "unsubscribed", topics);
    }

    private void subscriptions(Lifecycle who, String type, List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        publish(SUBSCRIPTIONS + type + "/" + who.clientId(), who.clientId(), () -> {
            ObjectNode event = common(who, type);
            ArrayNode array = event.putArray("topics");
            topics.forEach(array::add);
            return event;
        });
    }

    private ObjectNode common(Lifecycle who, String eventType) {
        ObjectNode event = JSON.createObjectNode();
        event.put("clientId", who.clientId());
        event.put("timestamp", clock.millis());
        event.put("eventType", eventType);
        event.put("sessionIdentifier", who.sessionIdentifier().toString());
        event.put("principalIdentifier", who.principalIdentifier());
        return event;
    }

    private void publish(String topic, String clientId, Supplier<ObjectNode> event) {
        if (hasLifecycleEvents(clientId)) {
            publish(topic, event);
        }
    }

    /**
     * Makes the event and routes it only when a subscription matches {@code topic}: the broker's events are not
     * retained, so without one nobody would ever see it. A gateway's console listens to the presence events only
     * ({@code $aws/events/presence/#}), so without a backend on {@code $aws/events} every SUBSCRIBE and UNSUBSCRIBE
     * of a fleet would otherwise pay for a JSON document nobody reads.
     */
    private void publish(String topic, Supplier<ObjectNode> event) {
        Map<Subscriber, Subscription> matches = router.matches(topic);
        if (matches.isEmpty()) {
            return;
        }
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(event.get());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        router.route(new Message(topic, payload, 1, false, null, null), matches);
    }
}
