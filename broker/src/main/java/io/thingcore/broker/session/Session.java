package io.thingcore.broker.session;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.thingcore.broker.auth.ConnectionAuthorizer;
import io.thingcore.broker.metrics.BrokerCounters;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.Subscriber;
import io.thingcore.broker.routing.Subscription;
import io.thingcore.broker.routing.Topics;
import io.thingcore.broker.spi.SessionChange;
import io.thingcore.broker.spi.StoredMessage;
import io.thingcore.broker.spi.StoredSession;
import io.thingcore.broker.spi.StoredSubscription;
import io.thingcore.broker.wire.OutboundPublish;
import io.thingcore.logtext.LogText;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one MQTT session: subscriptions, the outbound QoS 1 in-flight window (unacknowledged PUBLISH by
 * packet ID), and the queue of QoS 1 messages waiting for the window or for the client to come back (persistent
 * sessions only: AWS IoT Developer Guide, "MQTT", persistent sessions). State is guarded by this object's monitor; see the package documentation.
 */
public final class Session implements Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    /**
     * A QoS 1 message waiting for the window or for its PUBACK.
     *
     * @param sequence its number in the session store, or 0 when it is not stored
     */
    private record Pending(Message message, boolean retain, long sequence) {
        Pending(Message message, boolean retain) {
            this(message, retain, 0);
        }
    }

    private final String clientId;
    private final SessionWriter writer;
    private final int maxInFlight;
    private final int maxQueued;
    private final DroppedMessages drops;
    private final BrokerCounters counters;
    /*
     * The subscriptions, the in-flight window and the queue are made on first use and dropped when emptied as a whole:
     * an idle connection's session holds none of them (0.16 KB of heap per connection when made eagerly, issue 14).
     */
    private @Nullable Map<String, Subscription> subscriptions;
    private @Nullable LinkedHashMap<Integer, Pending> inFlight;
    /** Sized for the usual case, a short queue. */
    private @Nullable ArrayDeque<Pending> queue;

    private @Nullable Connection connection;
    private long expirySeconds;
    private long detachedGeneration;
    private int lastPacketId;
    private boolean discarded;
    /** Whether the session has a row in the session store: its QoS 1 messages and subscriptions are stored. */
    private boolean stored;
    /** QoS 1 messages this session dropped because its queue was full, since it was created. */
    private long dropped;
    /** Drops not reported in a log line yet, and when the last line about drops was written ({@link System#nanoTime}). */
    private long droppedUnreported;

    private long droppedReportedNanos;

    Session(
            String clientId,
            long expirySeconds,
            int maxInFlight,
            int maxQueued,
            SessionWriter writer,
            DroppedMessages drops,
            BrokerCounters counters) {
        this.clientId = clientId;
        this.drops = drops;
        this.counters = counters;
        this.writer = writer;
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

    /**
     * Makes the store agree with the session's expiry: a session that outlives its connection is saved (with
     * {@code disconnectedAt}, null while connected), one that does not is deleted if it was stored.
     */
    synchronized void store(java.time.@Nullable Instant disconnectedAt) {
        if (!writer.enabled() || discarded) {
            return;
        }
        if (expirySeconds > 0) {
            writer.submit(new SessionChange.Saved(clientId, expirySeconds, disconnectedAt));
            if (!stored) {
                stored = true;
                // Resumed from memory with a new expiry: what it already holds becomes durable too.
                if (subscriptions != null) {
                    subscriptions.forEach((filter, s) -> writer.submit(subscribed(filter, s)));
                }
                if (inFlight != null) {
                    inFlight.replaceAll((id, p) -> storedCopy(p));
                }
                ArrayDeque<Pending> waiting = queue;
                if (waiting != null) {
                    int n = waiting.size();
                    for (int i = 0; i < n; i++) {
                        waiting.add(storedCopy(waiting.remove()));
                    }
                }
            }
        } else if (stored) {
            stored = false;
            writer.submit(new SessionChange.Deleted(clientId));
        }
    }

    /** Whether the session has a row in the store; cleared by {@link #discard()} after the caller deleted it. */
    synchronized boolean stored() {
        return stored;
    }

    private Pending storedCopy(Pending p) {
        if (p.sequence != 0) {
            return p;
        }
        Pending copy = new Pending(p.message, p.retain, writer.nextSequence());
        writer.submit(queued(copy));
        return copy;
    }

    private SessionChange.Queued queued(Pending p) {
        return new SessionChange.Queued(
                clientId, new StoredMessage(p.sequence, p.message.topic(), p.message.payload(), p.retain));
    }

    private SessionChange.Subscribed subscribed(String filter, Subscription s) {
        return new SessionChange.Subscribed(clientId, new StoredSubscription(filter, s.qos(), s.noLocal()));
    }

    /** After a restart: rebuilds a stored session's state (not yet in the trie; the registry adds it). */
    synchronized void restore(StoredSession from) {
        stored = writer.enabled();
        for (StoredSubscription s : from.subscriptions()) {
            subscriptions().put(s.filter(), new Subscription(s.qos(), s.noLocal()));
        }
        for (StoredMessage m : from.messages()) {
            queue().add(new Pending(
                    new Message(m.topic(), m.payload(), 1, m.retain(), null, null), m.retain(), m.sequence()));
            writer.sequenceAtLeast(m.sequence());
        }
    }

    private Map<String, Subscription> subscriptions() {
        Map<String, Subscription> made = subscriptions;
        if (made == null) {
            made = new LinkedHashMap<>();
            subscriptions = made;
        }
        return made;
    }

    private LinkedHashMap<Integer, Pending> inFlight() {
        LinkedHashMap<Integer, Pending> made = inFlight;
        if (made == null) {
            made = new LinkedHashMap<>();
            inFlight = made;
        }
        return made;
    }

    private ArrayDeque<Pending> queue() {
        ArrayDeque<Pending> made = queue;
        if (made == null) {
            made = new ArrayDeque<>(4);
            queue = made;
        }
        return made;
    }

    synchronized long detachedGeneration() {
        return detachedGeneration;
    }

    synchronized @Nullable Connection connection() {
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
        Iterator<Map.Entry<Integer, Pending>> it = inFlight == null
                ? Collections.emptyIterator()
                : inFlight.entrySet().iterator();
        int window = window(c);
        int resent = 0;
        ArrayDeque<Pending> beyondWindow = null;
        while (it.hasNext()) {
            Map.Entry<Integer, Pending> e = it.next();
            Pending p = e.getValue();
            if (!mayReceive(c, p.message.topic())) {
                it.remove();
                forget(p);
            } else if (!fits(c, p.message, 1)) {
                it.remove();
                forget(p);
                counters.dropped(BrokerCounters.Drop.TOO_LARGE_FOR_CLIENT);
            } else if (resent < window) {
                c.send(publish(c, p, 1, e.getKey(), true));
                resent++;
            } else {
                // The new connection's Receive Maximum is below what the last one left unacknowledged: the rest
                // wait at the head of the queue, in order, and get new packet identifiers when the window opens.
                it.remove();
                if (beyondWindow == null) {
                    beyondWindow = new ArrayDeque<>();
                }
                beyondWindow.addFirst(p);
            }
        }
        if (beyondWindow != null) {
            ArrayDeque<Pending> waiting = queue();
            beyondWindow.forEach(waiting::addFirst);
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
            inFlight = null;
            queue = null;
        }
        return ++detachedGeneration;
    }

    synchronized boolean idleSince(long generation) {
        return connection == null && detachedGeneration == generation;
    }

    /** Marks the session gone; returns its subscription filters so the caller can remove them from the trie. */
    synchronized String[] discard() {
        discarded = true;
        stored = false;
        String[] filters =
                subscriptions == null ? new String[0] : subscriptions.keySet().toArray(String[]::new);
        subscriptions = null;
        inFlight = null;
        queue = null;
        return filters;
    }

    synchronized boolean isDiscarded() {
        return discarded;
    }

    synchronized @Nullable Subscription subscription(String filter) {
        return subscriptions == null ? null : subscriptions.get(filter);
    }

    /** The session's topic filters, in subscription order. */
    public synchronized List<String> filters() {
        return subscriptions == null ? List.of() : List.copyOf(subscriptions.keySet());
    }

    synchronized int subscriptionCount() {
        return subscriptions == null ? 0 : subscriptions.size();
    }

    synchronized void addSubscription(String filter, Subscription s) {
        subscriptions().put(filter, s);
        if (stored) {
            writer.submit(subscribed(filter, s));
        }
    }

    synchronized boolean removeSubscription(String filter) {
        boolean existed = subscriptions != null && subscriptions.remove(filter) != null;
        if (existed && stored) {
            writer.submit(new SessionChange.Unsubscribed(clientId, filter));
        }
        return existed;
    }

    synchronized int inFlightCount() {
        return inFlight == null ? 0 : inFlight.size();
    }

    synchronized int queuedCount() {
        return queue == null ? 0 : queue.size();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A QoS 1 delivery to a stored session (online or not) is submitted to the session store; then this returns
     * true, and the publisher's PUBACK waits until the store has it.
     */
    @Override
    public boolean deliver(Message message, Subscription subscription, boolean retainFlag) {
        int qos = Math.min(message.qos(), subscription.qos());
        synchronized (this) {
            if (discarded) {
                return false;
            }
            Connection c = connection;
            if (c == null) {
                // Offline: only persistent sessions keep QoS 1 messages (AWS IoT Developer Guide, "MQTT", persistent
                // sessions); iot:Receive is checked when
                // they are finally sent.
                if (qos == 1 && expirySeconds > 0) {
                    return enqueue(pending(message, retainFlag));
                }
                return false;
            }
            if (!mayReceive(c, message.topic())) {
                return false;
            }
            if (!fits(c, message, qos)) {
                counters.dropped(BrokerCounters.Drop.TOO_LARGE_FOR_CLIENT);
                return false;
            }
            if (qos == 0) {
                // QoS 0 to a client that does not read is dropped rather than buffered without bound.
                if (c.writable()) {
                    c.send(publish(c, new Pending(message, retainFlag), 0, 0, false));
                    counters.publishSent(0);
                } else {
                    counters.dropped(BrokerCounters.Drop.SLOW_SUBSCRIBER);
                }
                return false;
            }
            Pending p = pending(message, retainFlag);
            if (inFlightCount() >= window(c)) {
                return enqueue(p);
            }
            send(c, p);
            return p.sequence != 0;
        }
    }

    /**
     * iot:Receive on {@code topic} for {@code c} (AWS IoT Developer Guide, "AWS IoT Core policy actions": checked per
     * delivery, a denied one skipped silently). Allowed without a decision when one of the session's filters matches
     * the topic and the policies are proven to allow every topic of that filter
     * ({@link Connection#receivesEveryTopicOf}); otherwise decided for the topic. The filter is matched with
     * {@code #} taking its parent level too, which the proof covers either way. Sessions with more filters than the
     * authorizer keeps proofs for go straight to the decision, rather than remake proofs per message.
     */
    private boolean mayReceive(Connection c, String topic) {
        Map<String, Subscription> filters = subscriptions;
        if (filters != null && filters.size() <= ConnectionAuthorizer.RECEIVE_PROOFS_KEPT) {
            for (String filter : filters.keySet()) {
                if (Topics.matches(filter, topic, true) && c.receivesEveryTopicOf(filter)) {
                    return true;
                }
            }
        }
        return c.mayReceive(topic);
    }

    /** A QoS 1 delivery; submitted to the store when the session is stored. */
    private Pending pending(Message message, boolean retainFlag) {
        if (!stored) {
            return new Pending(message, retainFlag);
        }
        Pending p = new Pending(message, retainFlag, writer.nextSequence());
        writer.submit(queued(p));
        return p;
    }

    private void forget(Pending p) {
        if (p.sequence != 0 && stored) {
            writer.submit(new SessionChange.Removed(clientId, p.sequence));
        }
    }

    /** A PUBACK from the client: frees a window slot and sends what waits. */
    public synchronized void acknowledge(int packetId) {
        Pending p = inFlight == null ? null : inFlight.remove(packetId);
        if (p != null) {
            forget(p);
            drain();
        }
    }

    private void drain() {
        Connection c = connection;
        ArrayDeque<Pending> waiting = queue;
        while (c != null && inFlightCount() < window(c) && waiting != null && !waiting.isEmpty()) {
            Pending p = waiting.remove();
            if (!mayReceive(c, p.message.topic())) {
                forget(p);
            } else if (!fits(c, p.message, 1)) {
                forget(p);
                counters.dropped(BrokerCounters.Drop.TOO_LARGE_FOR_CLIENT);
            } else {
                send(c, p);
            }
        }
        if (droppedUnreported > 0 && queuedCount() < maxQueued) {
            reportDrops(System.nanoTime(), "the queue has room again");
        }
    }

    /** Queues {@code p}; returns whether it went to the store. */
    private boolean enqueue(Pending p) {
        if (queuedCount() >= maxQueued) {
            dropped(p);
            forget(p);
            return false;
        }
        queue().add(p);
        return p.sequence != 0;
    }

    /**
     * Counts a QoS 1 message dropped for a full queue; logs the first drop of a run at once, then at most one summary
     * per {@link DroppedMessages#SUMMARY_INTERVAL_NANOS} (client IDs and topics escaped: they come from clients).
     */
    private void dropped(Pending p) {
        dropped++;
        droppedUnreported++;
        drops.count();
        long now = System.nanoTime();
        if (droppedUnreported == 1 && dropped == 1) {
            LOG.warn(
                    "session '{}': queue full ({} QoS 1 messages), dropping messages (first to '{}'); a summary follows"
                            + " at most every {} s while drops continue",
                    LogText.of(clientId),
                    maxQueued,
                    LogText.of(p.message.topic()),
                    TimeUnit.NANOSECONDS.toSeconds(DroppedMessages.SUMMARY_INTERVAL_NANOS));
            droppedUnreported = 0;
            droppedReportedNanos = now;
        } else if (now - droppedReportedNanos >= DroppedMessages.SUMMARY_INTERVAL_NANOS) {
            reportDrops(now, "queue still full");
        }
    }

    private void reportDrops(long now, String state) {
        LOG.warn(
                "session '{}': dropped {} more QoS 1 messages in {} s ({} QoS 1 messages queued at most; {}; {} dropped in"
                        + " all)",
                LogText.of(clientId),
                droppedUnreported,
                TimeUnit.NANOSECONDS.toSeconds(now - droppedReportedNanos),
                maxQueued,
                state,
                dropped);
        droppedUnreported = 0;
        droppedReportedNanos = now;
    }

    /** QoS 1 messages this session dropped because its queue was full. */
    synchronized long dropped() {
        return dropped;
    }

    /**
     * How many QoS 1 deliveries may await the client's PUBACK: the broker's window, or the client's Receive Maximum
     * if lower (MQTT 5.0 section 3.3.4: "The Server MUST NOT send more than Receive Maximum QoS 1 and QoS 2 PUBLISH
     * packets for which it has not received PUBACK" [MQTT-3.3.4-9]).
     */
    private int window(Connection c) {
        return Math.min(maxInFlight, c.limits().receiveMaximum());
    }

    /**
     * Whether {@code m}'s PUBLISH at {@code qos} is within the client's Maximum Packet Size. One that is not is
     * discarded, never sent, and the session goes on as if it had been delivered [MQTT-3.1.2-24, MQTT-3.1.2-25]: a QoS
     * 1 message is not kept for a later connection either.
     */
    private static boolean fits(Connection c, Message m, int qos) {
        ClientLimits limits = c.limits();
        return !limits.limitsPacketSize()
                || limits.fits(m.publishHeads().packetBytes(c.version() == MqttVersion.MQTT_5, qos));
    }

    private void send(Connection c, Pending p) {
        int id = nextPacketId();
        inFlight().put(id, p);
        c.send(publish(c, p, 1, id, false));
        counters.publishSent(1);
    }

    private int nextPacketId() {
        do {
            lastPacketId = lastPacketId == 65535 ? 1 : lastPacketId + 1;
        } while (inFlight != null && inFlight.containsKey(lastPacketId));
        return lastPacketId;
    }

    /** The PUBLISH of {@code p} for {@code c}, written with the message's shared head
     * ({@link io.thingcore.broker.wire.PublishEncoder}). */
    private static MqttPublishMessage publish(Connection c, Pending p, int qos, int packetId, boolean dup) {
        Message m = p.message;
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), p.retain, 0);
        MqttProperties properties = m.properties() == null ? MqttProperties.NO_PROPERTIES : m.properties();
        MqttPublishVariableHeader variable =
                new MqttPublishVariableHeader(m.topic(), qos == 0 ? -1 : packetId, properties);
        return new OutboundPublish(
                header, variable, Unpooled.wrappedBuffer(m.payload()), m.publishHeads(), c.version());
    }
}
