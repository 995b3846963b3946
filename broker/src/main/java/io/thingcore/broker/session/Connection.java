package io.thingcore.broker.session;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Ticker;
import io.thingcore.broker.auth.ConnectionAuthorizer;
import io.thingcore.broker.events.Lifecycle;
import io.thingcore.broker.pipeline.Disconnector;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.TokenBucket;
import io.thingcore.broker.tls.PeerCertificate;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated MQTT connection: its identity, protocol version, authorizer, session and will. Created by the
 * CONNECT stage and put on the channel ({@link #KEY}).
 */
public final class Connection {
    public static final AttributeKey<Connection> KEY = AttributeKey.valueOf(Connection.class, "connection");

    /**
     * Most packets waiting in {@link #send}'s queue before QoS 0 deliveries to this connection are dropped (QoS 1 is
     * bounded by the in-flight window and the session queue instead).
     */
    static final int MAX_QUEUED_PACKETS = 1024;

    private static final VarHandle QUEUED;
    private static final VarHandle WRITE_SCHEDULED;
    private static final VarHandle LAST_ACTIVITY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            QUEUED = lookup.findVarHandle(Connection.class, "queued", int.class);
            WRITE_SCHEDULED = lookup.findVarHandle(Connection.class, "writeScheduled", boolean.class);
            LAST_ACTIVITY = lookup.findVarHandle(Connection.class, "lastActivityNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Channel channel;
    private final PeerCertificate peer;
    private final String clientId;
    private final MqttVersion version;
    private final ConnectionAuthorizer authorizer;
    private final @Nullable Message will;
    private final Lifecycle lifecycle;
    private final int requestedKeepAlive;
    private final int appliedKeepAlive;
    private final ClientLimits limits;
    /**
     * The event loop's {@code Ticker} time of the last packet received: written by {@link #packetReceived} on the
     * event loop with opaque semantics (a plain store on x86 and ARM: no fence, no allocation on the read path of
     * every packet), read from other threads the same way. Opaque guarantees that a reader sees a whole value that
     * was written, possibly a packet late, which is all a listing of connections needs.
     */
    @SuppressWarnings("unused") // accessed through LAST_ACTIVITY
    private long lastActivityNanos;

    private volatile @Nullable Session session;
    private volatile boolean connected;
    private volatile @Nullable Instant connectedAt;
    private volatile boolean keepWill;
    /**
     * PUBACKs waiting for the session store or a reserved-topic service, in PUBLISH order; null while none waits (an
     * idle connection keeps no queue). Touched only on the channel's event loop.
     */
    private @Nullable ArrayDeque<PendingAck> pendingAcks;
    /**
     * This connection's RETAIN publishes per second ({@code RetainedQuota.publishesPerSecondPerConnection}); null until
     * its first one. Touched only on the channel's event loop.
     */
    private @Nullable TokenBucket retainRate;
    /** Null when no keep-alive applies, or once the channel has closed. Touched only on the channel's event loop. */
    private @Nullable KeepAliveTimer keepAlive;
    /** RETAIN publishes the quota refused; only the first is logged. Touched only on the channel's event loop. */
    private long retainedRefusals;
    /** Packets handed to {@link #send} and not yet written to the channel; any thread adds, the event loop takes. */
    private final Queue<MqttMessage> outbound = new ConcurrentLinkedQueue<>();
    /** How many packets {@link #outbound} holds; updated through {@link #QUEUED}. */
    private volatile int queued;
    /** Whether a {@link #writeQueued} task is on the event loop's queue; set through {@link #WRITE_SCHEDULED}. */
    private volatile boolean writeScheduled;

    public Connection(
            Channel channel,
            PeerCertificate peer,
            String clientId,
            MqttVersion version,
            ConnectionAuthorizer authorizer,
            @Nullable Message will,
            Lifecycle lifecycle,
            int requestedKeepAlive,
            int appliedKeepAlive,
            ClientLimits limits) {
        this.channel = channel;
        this.peer = peer;
        this.clientId = clientId;
        this.version = version;
        this.authorizer = authorizer;
        this.will = will;
        this.lifecycle = lifecycle;
        this.requestedKeepAlive = requestedKeepAlive;
        this.appliedKeepAlive = appliedKeepAlive;
        this.limits = limits;
        packetReceived();
    }

    public Channel channel() {
        return channel;
    }

    public PeerCertificate peer() {
        return peer;
    }

    public String clientId() {
        return clientId;
    }

    /** What the client said in CONNECT it can take (MQTT 5); {@link ClientLimits#NONE} for MQTT 3.1.1. */
    public ClientLimits limits() {
        return limits;
    }

    /** Takes one of this connection's RETAIN publishes per second at {@code nanos}; on the event loop. */
    boolean tryRetainPublish(int perSecond, long nanos) {
        if (retainRate == null) {
            retainRate = new TokenBucket(perSecond);
        }
        return retainRate.tryTake(nanos);
    }

    /** Counts a refused RETAIN publish; returns how many this connection has had, this one included. */
    long countRetainedRefusal() {
        return ++retainedRefusals;
    }

    public MqttVersion version() {
        return version;
    }

    public ConnectionAuthorizer authorizer() {
        return authorizer;
    }

    public @Nullable Message will() {
        return will;
    }

    /** The identity fields of this connection's lifecycle events (AWS IoT Developer Guide, "Lifecycle events"). */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public @Nullable Session session() {
        return session;
    }

    /** The session of a connected client: CONNECT binds it before any other packet of the client is handled. */
    Session boundSession() {
        Session bound = session;
        if (bound == null) {
            throw new IllegalStateException("no session bound to the connection yet");
        }
        return bound;
    }

    /** The keep-alive in the client's CONNECT, in seconds. */
    public int requestedKeepAlive() {
        return requestedKeepAlive;
    }

    /** The keep-alive the server applies, in seconds; 0 when none applies (never closed for silence). */
    public int appliedKeepAlive() {
        return appliedKeepAlive;
    }

    /** Records that a packet arrived from the client; called on the channel's event loop for every packet. */
    public void packetReceived() {
        LAST_ACTIVITY.setOpaque(this, ticker().nanoTime());
    }

    /** How long ago the last packet from the client arrived (the CONNECT, if none since); callable from any thread. */
    public Duration silence() {
        return Duration.ofNanos(silenceNanos());
    }

    /** {@link #silence()} in nanoseconds. */
    long silenceNanos() {
        return Math.max(0, ticker().nanoTime() - (long) LAST_ACTIVITY.getOpaque(this));
    }

    /**
     * Closes the connection after {@code timeout} without a packet from the client ({@link KeepAliveTimer}); the
     * CONNECT stage calls this once, on the event loop, when a keep-alive applies.
     */
    public void startKeepAlive(Disconnector disconnector, Duration timeout) {
        keepAlive = KeepAliveTimer.start(this, disconnector, timeout);
    }

    /** Stops the keep-alive timer, if any; on the event loop, when the channel closes. */
    void stopKeepAlive() {
        KeepAliveTimer timer = keepAlive;
        if (timer != null) {
            timer.cancel();
            keepAlive = null;
        }
    }

    /** When the last packet from the client arrived, given the wall-clock time {@code now}; any thread. */
    public Instant lastActivity(Instant now) {
        return now.minus(silence());
    }

    /** The event loop's clock (a mock in tests over {@code EmbeddedChannel}, which also drives the idle timeout). */
    private Ticker ticker() {
        return channel.eventLoop().ticker();
    }

    void session(Session session) {
        this.session = session;
    }

    /** Whether CONNACK (accepted) has been sent. */
    public boolean connected() {
        return connected;
    }

    public void markConnected(Instant at) {
        connectedAt = at;
        connected = true;
    }

    /** When CONNACK accepted the connection; null before. */
    public @Nullable Instant connectedAt() {
        return connectedAt;
    }

    /** MQTT 5 DISCONNECT with reason 0x04: publish the will although the client disconnected. */
    public void keepWillOnClientDisconnect() {
        keepWill = true;
    }

    boolean keepWill() {
        return keepWill;
    }

    /** iot:Receive on the topic, checked per delivery (AWS IoT Developer Guide, "AWS IoT Core policy actions": a delivery
     * the policy denies is skipped silently). */
    public boolean mayReceive(String topic) {
        return authorizer.mayReceive(topic);
    }

    /** Whether iot:Receive is proven for every topic of the subscription filter {@code filter}; see the authorizer. */
    public boolean receivesEveryTopicOf(String filter) {
        return authorizer.receivesEveryTopicOf(filter);
    }

    /**
     * An acknowledgement that waits for what it acknowledges to be taken; {@code ack} is what to send, null for
     * nothing; {@code afterSent} runs right after it is sent (a SUBACK's retained messages).
     */
    private static final class PendingAck {
        @Nullable
        MqttMessage ack;

        final @Nullable Runnable afterSent;

        boolean ready;

        PendingAck(MqttMessage ack, @Nullable Runnable afterSent) {
            this.ack = ack;
            this.afterSent = afterSent;
        }
    }

    /**
     * Sends a QoS 1 PUBACK once {@code writer} has made durable everything submitted so far, when {@code stored} says
     * the message went to the store, or when an earlier PUBACK still waits. When the store fails, {@code onFailure}
     * runs instead (it closes the connection: the publisher resends after reconnecting). Called on the channel's
     * event loop.
     */
    void ackAfterDurable(MqttMessage ack, boolean stored, SessionWriter writer, Runnable onFailure) {
        ackWhen(ack, stored ? writer.durable() : null, failure -> {
            onFailure.run();
            return null;
        });
    }

    /**
     * Sends {@code ack} now, or right after the PUBACKs queued before it (MQTT 3.1.1 section 4.6, MQTT 5.0 section
     * 4.6). Called on the channel's event loop.
     */
    void ackInOrder(MqttMessage ack) {
        ackWhen(ack, null, failure -> ack);
    }

    /**
     * Sends {@code ack} once {@code ready} has completed and every PUBACK queued before it has been sent: PUBACKs
     * keep the order of their PUBLISH packets (MQTT 3.1.1 section 4.6, MQTT 5.0 section 4.6) although the store and
     * the services complete in any order. With {@code ready} null the PUBACK is ready now (sent at once unless an
     * earlier one waits). When {@code ready} fails, {@code onFailure} (on the event loop) returns what to send in its
     * place (an MQTT 5 PUBACK with a reason code) or null for nothing (it closed the connection). Called on the
     * channel's event loop.
     */
    void ackWhen(
            MqttMessage ack, @Nullable CompletionStage<?> ready, Function<Throwable, @Nullable MqttMessage> onFailure) {
        ackWhen(ack, ready, onFailure, null);
    }

    /**
     * As {@link #ackWhen(MqttMessage, CompletionStage, Function)}, and runs {@code afterSent} (on the event loop) right
     * after {@code ack} is sent; not when nothing is sent in its place.
     */
    void ackWhen(
            MqttMessage ack,
            @Nullable CompletionStage<?> ready,
            Function<Throwable, @Nullable MqttMessage> onFailure,
            @Nullable Runnable afterSent) {
        if (ready == null && (pendingAcks == null || pendingAcks.isEmpty())) {
            send(ack);
            if (afterSent != null) {
                afterSent.run();
            }
            return;
        }
        if (pendingAcks == null) {
            pendingAcks = new ArrayDeque<>(4);
        }
        ArrayDeque<PendingAck> waiting = pendingAcks;
        PendingAck pending = new PendingAck(ack, afterSent);
        waiting.add(pending);
        if (ready == null) {
            pending.ready = true;
            return;
        }
        ready.whenComplete((ignored, failure) -> onEventLoop(() -> {
            if (failure != null) {
                pending.ack = onFailure.apply(failure);
            }
            pending.ready = true;
            for (PendingAck head; (head = waiting.peek()) != null && head.ready; ) {
                waiting.poll();
                if (head.ack != null) {
                    send(head.ack);
                    if (head.afterSent != null) {
                        head.afterSent.run();
                    }
                }
            }
        }));
    }

    private void onEventLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // The broker is stopping: the connection is gone, and with it the PUBACK.
        }
    }

    /**
     * Whether a QoS 0 message should still be handed to this connection: the channel is open, below Netty's write
     * high-water mark, and not too many packets wait in {@link #send}'s queue (a client that does not read must not
     * make the broker buffer without bound).
     */
    public boolean writable() {
        return channel.isActive() && channel.isWritable() && queued < MAX_QUEUED_PACKETS;
    }

    /**
     * Sends {@code message} from any thread. Packets are queued and written by one task on the channel's event loop,
     * which flushes once for everything queued by then: a subscriber that receives from many publishers gets one TLS
     * record batch and one socket write per turn of its event loop, not one per packet, and no event loop waits on
     * another. Every packet goes through the queue, so packets keep the order in which {@code send} was called (MQTT
     * 3.1.1 section 4.6, ordered delivery per publisher and topic).
     */
    public void send(MqttMessage message) {
        outbound.add(message);
        QUEUED.getAndAdd(this, 1);
        if (WRITE_SCHEDULED.compareAndSet(this, false, true)) {
            try {
                channel.eventLoop().execute(this::writeQueued);
            } catch (RejectedExecutionException e) {
                // The broker is stopping: the connection is gone, and what it would have sent with it.
                discardQueued();
            }
        }
    }

    /** Writes the queued packets and flushes once; runs on the channel's event loop. */
    private void writeQueued() {
        // Cleared before draining: a packet added from now on schedules another run, so none is stranded.
        writeScheduled = false;
        if (!channel.isActive()) {
            discardQueued();
            return;
        }
        int written = 0;
        for (MqttMessage m; (m = outbound.poll()) != null; ) {
            channel.write(m, channel.voidPromise());
            written++;
        }
        QUEUED.getAndAdd(this, -written);
        if (written > 0) {
            channel.flush();
        }
    }

    private void discardQueued() {
        for (MqttMessage m; (m = outbound.poll()) != null; ) {
            QUEUED.getAndAdd(this, -1);
            ReferenceCountUtil.release(m);
        }
    }

    @Override
    public String toString() {
        return "Connection[" + clientId + " " + channel.remoteAddress() + "]";
    }
}
