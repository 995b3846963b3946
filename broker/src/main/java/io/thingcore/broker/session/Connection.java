package io.thingcore.broker.session;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.thingcore.broker.auth.Actions;
import io.thingcore.broker.auth.ConnectionAuthorizer;
import io.thingcore.broker.events.Lifecycle;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.tls.PeerCertificate;
import java.time.Instant;

/**
 * One authenticated MQTT connection: its identity, protocol version, authorizer, session and will. Created by the
 * CONNECT stage and put on the channel ({@link #KEY}).
 */
public final class Connection {
    public static final AttributeKey<Connection> KEY = AttributeKey.valueOf(Connection.class, "connection");

    private final Channel channel;
    private final PeerCertificate peer;
    private final String clientId;
    private final MqttVersion version;
    private final ConnectionAuthorizer authorizer;
    private final Message will;
    private final Lifecycle lifecycle;
    private volatile Session session;
    private volatile boolean connected;
    private volatile Instant connectedAt;
    private volatile boolean keepWill;
    /** PUBACKs waiting for the session store; touched only on the channel's event loop. */
    private int deferredAcks;

    public Connection(
            Channel channel,
            PeerCertificate peer,
            String clientId,
            MqttVersion version,
            ConnectionAuthorizer authorizer,
            Message will,
            Lifecycle lifecycle) {
        this.channel = channel;
        this.peer = peer;
        this.clientId = clientId;
        this.version = version;
        this.authorizer = authorizer;
        this.will = will;
        this.lifecycle = lifecycle;
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

    public MqttVersion version() {
        return version;
    }

    public ConnectionAuthorizer authorizer() {
        return authorizer;
    }

    public Message will() {
        return will;
    }

    /** The identity fields of this connection's lifecycle events (facts 3.5). */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public Session session() {
        return session;
    }

    void session(Session session) {
        this.session = session;
    }

    /** Whether CONNACK (accepted) has been sent. */
    public boolean connected() {
        return connected;
    }

    public void markConnected() {
        connectedAt = Instant.now();
        connected = true;
    }

    /** When CONNACK accepted the connection; null before. */
    public Instant connectedAt() {
        return connectedAt;
    }

    /** MQTT 5 DISCONNECT with reason 0x04: publish the will although the client disconnected. */
    public void keepWillOnClientDisconnect() {
        keepWill = true;
    }

    boolean keepWill() {
        return keepWill;
    }

    /** iot:Receive on the topic, checked per delivery (facts 3.4: denied deliveries are silently skipped). */
    public boolean mayReceive(String topic) {
        return authorizer.isAllowed(Actions.RECEIVE, "topic/" + topic);
    }

    /**
     * Sends a QoS 1 PUBACK once {@code writer} has made durable everything submitted so far, when {@code stored} says
     * the message went to the store, or when an earlier PUBACK still waits (PUBACKs keep the PUBLISH order, MQTT
     * 3.1.1 4.6). When the store fails, the connection is closed instead: the publisher resends after reconnecting.
     * Called on the channel's event loop.
     */
    void ackAfterDurable(MqttMessage ack, boolean stored, SessionWriter writer, Runnable onFailure) {
        if (!stored && deferredAcks == 0) {
            send(ack);
            return;
        }
        deferredAcks++;
        writer.afterDurable(
                () -> onEventLoop(() -> {
                    deferredAcks--;
                    send(ack);
                }),
                () -> onEventLoop(() -> {
                    deferredAcks--;
                    onFailure.run();
                }));
    }

    private void onEventLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The broker is stopping: the connection is gone, and with it the PUBACK.
        }
    }

    public boolean writable() {
        return channel.isActive() && channel.isWritable();
    }

    public void send(MqttMessage message) {
        channel.writeAndFlush(message, channel.voidPromise());
    }

    @Override
    public String toString() {
        return "Connection[" + clientId + " " + channel.remoteAddress() + "]";
    }
}
