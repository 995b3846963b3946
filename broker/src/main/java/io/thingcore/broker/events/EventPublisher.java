package io.thingcore.broker.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.Router;
import java.time.Clock;

/** Publishes the broker's own events. */
public final class EventPublisher {
    public static final String CERTIFICATE_REGISTERED = "$aws/events/certificates/registered/";

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
     * JITR (facts 2.7): {@code $aws/events/certificates/registered/<caCertificateId>} with the documented fields;
     * {@code certificateRegistrationTimestamp} is null and {@code sourceIp} present, as in a 2023 real event.
     */
    public void certificateRegistered(String certificateId, String caCertificateId, String sourceIp) {
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
        publish(CERTIFICATE_REGISTERED + caCertificateId, event);
    }

    private void publish(String topic, ObjectNode event) {
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        router.publish(new Message(topic, payload, 1, false, null, null));
    }
}
