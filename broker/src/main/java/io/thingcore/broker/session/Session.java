package io.thingcore.broker.session;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.Subscriber;
import io.thingcore.broker.routing.Subscription;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one MQTT session: subscriptions, the outbound QoS 1 in-flight window (unacknowledged PUBLISH by
 * packet ID), and the queue of QoS 1 messages waiting for the window or for the client to come back (persistent
 * sessions only, facts 3.3). State is guarded by this object's monitor; see the package documentation.
 */
public final class Session implements Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private record Pending(Message message, boolean retain) {}

    private final String clientId;
    private final int maxInFlight;
    private final int maxQueued;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final LinkedHashMap<Integer, Pending> inFlight = new LinkedHashMap<>();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private Connection connection;
    private long expirySeconds;
    private long detachedGeneration;
    private int lastPacketId;
    private boolean discarded;

    Session(String clientId, long expirySeconds, int maxInFlight, int maxQueued) {
        this.clientId = clientId;
        this.expirySeconds = expirySeconds;
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    synchronized long expirySeconds() {
        return expirySeconds;
    }

    synchronized void expirySeconds(long seconds) {
        expirySeconds = seconds;
    }

    synchronized Connection connection() {
        return connection;
    }

    /** Binds the session to a new connection; nothing is sent until {@link #resume}. */
    synchronized void bind(Connection c) {
        connection = c;
        detachedGeneration++;
    }

    /** After CONNACK: resends unacknowledged messages with DUP set (MQTT 4.4.0-1), then the queue. */
    public synchronized void resume(Connection c) {
        if (connection != c) {
            return;
        }
        Iterator<Map.Entry<Integer, Pending>> it = inFlight.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, Pending> e = it.next();
            if (c.mayReceive(e.getValue().message.topic())) {
                c.send(publish(e.getValue(), 1, e.getKey(), true));
            } else {
                it.remove();
            }
        }
        drain();
    }

    /** Unbinds {@code c}; returns the detach generation to compare on expiry, or -1 if {@code c} was not bound. */
    synchronized long unbind(Connection c) {
        if (connection != c) {
            return -1;
        }
        connection = null;
        if (expirySeconds == 0) {
            inFlight.clear();
            queue.clear();
        }
        return ++detachedGeneration;
    }

    synchronized boolean idleSince(long generation) {
        return connection == null && detachedGeneration == generation;
    }

    /** Marks the session gone; returns its subscription filters so the caller can remove them from the trie. */
    synchronized String[] discard() {
        discarded = true;
        String[] filters = subscriptions.keySet().toArray(String[]::new);
        subscriptions.clear();
        inFlight.clear();
        queue.clear();
        return filters;
    }

    synchronized boolean isDiscarded() {
        return discarded;
    }

    synchronized Subscription subscription(String filter) {
        return subscriptions.get(filter);
    }

    synchronized int subscriptionCount() {
        return subscriptions.size();
    }

    synchronized void addSubscription(String filter, Subscription s) {
        subscriptions.put(filter, s);
    }

    synchronized boolean removeSubscription(String filter) {
        return subscriptions.remove(filter) != null;
    }

    synchronized int inFlightCount() {
        return inFlight.size();
    }

    synchronized int queuedCount() {
        return queue.size();
    }

    @Override
    public void deliver(Message message, Subscription subscription, boolean retainFlag) {
        int qos = Math.min(message.qos(), subscription.qos());
        synchronized (this) {
            if (discarded) {
                return;
            }
            Connection c = connection;
            if (c == null) {
                // Offline: only persistent sessions keep QoS 1 messages (facts 3.3); iot:Receive is checked when
                // they are finally sent.
                if (qos == 1 && expirySeconds > 0) {
                    enqueue(new Pending(message, retainFlag));
                }
                return;
            }
            if (!c.mayReceive(message.topic())) {
                return;
            }
            if (qos == 0) {
                // QoS 0 to a client that does not read is dropped rather than buffered without bound.
                if (c.writable()) {
                    c.send(publish(new Pending(message, retainFlag), 0, 0, false));
                }
                return;
            }
            if (inFlight.size() >= maxInFlight) {
                enqueue(new Pending(message, retainFlag));
                return;
            }
            send(c, new Pending(message, retainFlag));
        }
    }

    /** A PUBACK from the client: frees a window slot and sends what waits. */
    public synchronized void acknowledge(int packetId) {
        if (inFlight.remove(packetId) != null) {
            drain();
        }
    }

    private void drain() {
        Connection c = connection;
        while (c != null && inFlight.size() < maxInFlight && !queue.isEmpty()) {
            Pending p = queue.poll();
            if (c.mayReceive(p.message.topic())) {
                send(c, p);
            }
        }
    }

    private void enqueue(Pending p) {
        if (queue.size() >= maxQueued) {
            LOG.warn(
                    "session '{}': queue full ({} messages), dropping a message to '{}'",
                    clientId,
                    maxQueued,
                    p.message.topic());
            return;
        }
        queue.add(p);
    }

    private void send(Connection c, Pending p) {
        int id = nextPacketId();
        inFlight.put(id, p);
        c.send(publish(p, 1, id, false));
    }

    private int nextPacketId() {
        do {
            lastPacketId = lastPacketId == 65535 ? 1 : lastPacketId + 1;
        } while (inFlight.containsKey(lastPacketId));
        return lastPacketId;
    }

    private static MqttPublishMessage publish(Pending p, int qos, int packetId, boolean dup) {
        Message m = p.message;
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), p.retain, 0);
        MqttProperties properties = m.properties() == null ? MqttProperties.NO_PROPERTIES : m.properties();
        MqttPublishVariableHeader variable =
                new MqttPublishVariableHeader(m.topic(), qos == 0 ? -1 : packetId, properties);
        return new MqttPublishMessage(header, variable, Unpooled.wrappedBuffer(m.payload()));
    }
}
