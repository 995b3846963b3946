package io.thingcore.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import io.thingcore.logtext.LogText;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 3.1.1 client protocol on one channel: CONNECT on TLS handshake completion, CONNACK, PUBLISH out (QoS 0
 * and 1) and in, PUBACK, SUBSCRIBE/SUBACK, UNSUBSCRIBE/UNSUBACK, PINGREQ on writer idle, DISCONNECT. Every field is
 * touched only on the channel's event loop; {@link MqttClient} hops there.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);
    static final String KEEP_ALIVE = "keep-alive";
    private static final int MAX_PACKET_ID = 0xFFFF;

    /** An operation waiting for its acknowledgement. */
    private record InFlight(MqttMessageType ack, CompletableFuture<Object> future) {}

    private final MqttClientOptions options;
    private final MessageListener listener;
    private final CompletableFuture<ConnectResult> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final IntObjectHashMap<InFlight> inFlight = new IntObjectHashMap<>();

    private ChannelHandlerContext ctx;
    private @Nullable ScheduledFuture<?> connectTimeout;
    private int nextPacketId = 1;
    private boolean handshakeDone;
    private boolean disconnecting;
    private @Nullable Throwable error;

    ClientHandler(MqttClientOptions options, MessageListener listener) {
        this.options = options;
        this.listener = listener;
    }

    CompletableFuture<ConnectResult> connected() {
        return connected;
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connectTimeout = ctx.executor()
                .schedule(this::connectTimedOut, options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    private void connectTimedOut() {
        if (failConnect(new MqttConnectException(
                MqttConnectException.Failure.TIMEOUT,
                "no answer from " + options.address() + " within "
                        + options.connectTimeout().toSeconds() + " s ("
                        + (handshakeDone ? "no CONNACK" : "TLS handshake unfinished") + ")",
                null,
                null))) {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                handshakeDone = true;
                ctx.writeAndFlush(MqttMessageBuilders.connect()
                                .protocolVersion(MqttVersion.MQTT_3_1_1)
                                .clientId(options.clientId())
                                .keepAlive(options.keepAliveSeconds())
                                .cleanSession(options.cleanSession())
                                .build())
                        .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            } else {
                failConnect(handshakeFailure(handshake.cause()));
                ctx.close();
            }
            return;
        }
        if (event instanceof IdleStateEvent idle && connected.isDone()) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(MqttMessage.PINGREQ).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            } else if (idle.state() == IdleState.READER_IDLE) {
                error = new IOException("no packet from " + options.address() + " for " + 2 * options.keepAliveSeconds()
                        + " s (keep-alive " + options.keepAliveSeconds() + " s)");
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (error == null) {
            error = cause;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        failConnect(closedBeforeConnAck());
        ConnectionClosedException lost = new ConnectionClosedException(
                "the connection to " + options.address() + " closed" + (error == null ? "" : ": " + describe(error)),
                error);
        if (!inFlight.isEmpty()) {
            List<InFlight> waiting = new ArrayList<>(inFlight.values());
            inFlight.clear();
            waiting.forEach(f -> f.future().completeExceptionally(lost));
        }
        if (disconnecting) {
            closed.complete(null);
        } else {
            closed.completeExceptionally(lost);
        }
        super.channelInactive(ctx);
    }

    /** Completes the connect future with {@code failure} unless it is done; whether it did. */
    boolean failConnect(MqttConnectException failure) {
        boolean failed = connected.completeExceptionally(failure);
        if (failed) {
            closed.completeExceptionally(failure);
        }
        return failed;
    }

    // ---------------------------------------------------------------- inbound packets

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage message)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (message.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            exceptionCaught(ctx, message.decoderResult().cause());
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        if (!connected.isDone() && type != MqttMessageType.CONNACK) {
            ReferenceCountUtil.release(msg);
            exceptionCaught(ctx, new IOException("the server sent " + type + " before CONNACK"));
            return;
        }
        switch (type) {
            case CONNACK -> connAck((MqttConnAckMessage) message);
            case PUBLISH -> publish((MqttPublishMessage) message);
            case PUBACK, UNSUBACK -> acknowledged(type, message, null);
            case SUBACK ->
                acknowledged(
                        type,
                        message,
                        List.copyOf(((MqttSubAckMessage) message).payload().grantedQoSLevels()));
            case PINGRESP -> {}
            default -> {
                ReferenceCountUtil.release(msg);
                exceptionCaught(ctx, new IOException("the server sent " + type + ", which a client never receives"));
            }
        }
    }

    private void connAck(MqttConnAckMessage message) {
        if (connected.isDone()) {
            exceptionCaught(ctx, new IOException("the server sent a second CONNACK"));
            return;
        }
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        MqttConnectReturnCode code = message.variableHeader().connectReturnCode();
        ConnectResult result = new ConnectResult(code, message.variableHeader().isSessionPresent());
        if (!result.accepted()) {
            failConnect(new MqttConnectException(
                    MqttConnectException.Failure.CONNACK_REFUSED,
                    "the gateway refused the connection: " + code + " (return code " + (code.byteValue() & 0xFF) + ")",
                    code,
                    null));
            ctx.close();
            return;
        }
        if (options.keepAliveSeconds() > 0) {
            // A packet every keep-alive period keeps the server from closing us (MQTT 3.1.1 section 3.1.2.10);
            // silence for two periods means the server is gone.
            int keepAlive = options.keepAliveSeconds();
            ctx.pipeline().addBefore(ctx.name(), KEEP_ALIVE, new IdleStateHandler(2 * keepAlive, keepAlive, 0));
        }
        connected.complete(result);
    }

    private void publish(MqttPublishMessage message) {
        MqttQoS qos = message.fixedHeader().qosLevel();
        int packetId = message.variableHeader().packetId();
        try {
            listener.onMessage(
                    message.variableHeader().topicName(),
                    message.payload(),
                    qos,
                    message.fixedHeader().isRetain());
        } catch (RuntimeException e) {
            LOG.warn(
                    "message listener failed on '{}'",
                    LogText.of(message.variableHeader().topicName()),
                    e);
        } finally {
            message.release();
        }
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            ctx.writeAndFlush(new MqttPubAckMessage(
                            new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                            MqttMessageIdVariableHeader.from(packetId)))
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        } else if (qos == MqttQoS.EXACTLY_ONCE) {
            // Subscriptions are made at QoS 0 or 1 only, so a QoS 2 delivery is a server error.
            exceptionCaught(ctx, new IOException("the server delivered a QoS 2 message to a QoS 0/1 subscription"));
        }
    }

    private void acknowledged(MqttMessageType type, MqttMessage message, @Nullable Object value) {
        int packetId = ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
        InFlight waiting = inFlight.get(packetId);
        if (waiting == null || waiting.ack() != type) {
            exceptionCaught(
                    ctx,
                    new IOException("the server sent " + type + " for packet " + packetId + ", which awaits "
                            + (waiting == null ? "nothing" : waiting.ack())));
            return;
        }
        inFlight.remove(packetId);
        waiting.future().complete(value);
    }

    // ---------------------------------------------------------------- outbound operations (event loop only)

    void publish(String topic, ByteBuf payload, MqttQoS qos, boolean retain, CompletableFuture<Void> result) {
        if (!usable(result)) {
            payload.release();
            return;
        }
        int packetId = 0;
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            packetId = track(MqttMessageType.PUBACK, result);
            if (packetId < 0) {
                payload.release();
                return;
            }
        }
        MqttPublishMessage message = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, qos, retain, 0),
                new MqttPublishVariableHeader(topic, packetId),
                payload);
        int id = packetId;
        ctx.writeAndFlush(message).addListener(written -> {
            if (!written.isSuccess()) {
                if (id != 0) {
                    inFlight.remove(id);
                }
                result.completeExceptionally(written.cause());
            } else if (id == 0) {
                result.complete(null);
            }
        });
    }

    void subscribe(List<String> filters, MqttQoS qos, CompletableFuture<List<Integer>> result) {
        if (!usable(result)) {
            return;
        }
        int packetId = track(MqttMessageType.SUBACK, result);
        if (packetId < 0) {
            return;
        }
        MqttMessageBuilders.SubscribeBuilder subscribe =
                MqttMessageBuilders.subscribe().messageId(packetId);
        filters.forEach(filter -> subscribe.addSubscription(qos, filter));
        write(subscribe.build(), packetId, result);
    }

    void unsubscribe(List<String> filters, CompletableFuture<Void> result) {
        if (!usable(result)) {
            return;
        }
        int packetId = track(MqttMessageType.UNSUBACK, result);
        if (packetId < 0) {
            return;
        }
        MqttMessageBuilders.UnsubscribeBuilder unsubscribe =
                MqttMessageBuilders.unsubscribe().messageId(packetId);
        filters.forEach(unsubscribe::addTopicFilter);
        write(unsubscribe.build(), packetId, result);
    }

    void disconnect() {
        disconnecting = true;
        if (ctx.channel().isActive() && connected.isDone() && !connected.isCompletedExceptionally()) {
            ctx.writeAndFlush(MqttMessage.DISCONNECT).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void write(MqttMessage message, int packetId, CompletableFuture<?> result) {
        ctx.writeAndFlush(message).addListener(written -> {
            if (!written.isSuccess()) {
                inFlight.remove(packetId);
                result.completeExceptionally(written.cause());
            }
        });
    }

    private boolean usable(CompletableFuture<?> result) {
        if (ctx.channel().isActive() && !disconnecting) {
            return true;
        }
        result.completeExceptionally(
                new ConnectionClosedException("the connection to " + options.address() + " is closed", error));
        return false;
    }

    /** A free packet ID now awaiting {@code ack}, or -1 (and {@code result} failed) when all 65535 are in flight. */
    @SuppressWarnings("unchecked")
    private int track(MqttMessageType ack, CompletableFuture<?> result) {
        if (inFlight.size() >= MAX_PACKET_ID) {
            result.completeExceptionally(new IllegalStateException("65535 packets in flight: no packet ID left"));
            return -1;
        }
        while (inFlight.containsKey(nextPacketId)) {
            nextPacketId = nextPacketId == MAX_PACKET_ID ? 1 : nextPacketId + 1;
        }
        int packetId = nextPacketId;
        nextPacketId = nextPacketId == MAX_PACKET_ID ? 1 : nextPacketId + 1;
        inFlight.put(packetId, new InFlight(ack, (CompletableFuture<Object>) result));
        return packetId;
    }

    // ---------------------------------------------------------------- why a connection attempt failed

    private MqttConnectException closedBeforeConnAck() {
        if (!handshakeDone) {
            if (error != null) {
                return handshakeFailure(error);
            }
            return refused("the gateway closed the connection during the TLS handshake", null);
        }
        return refused(
                "the gateway refused the certificate (not registered, inactive, or SNI missing), or its policy does"
                        + " not allow iot:Connect as client ID \"" + options.clientId() + "\"",
                error);
    }

    private MqttConnectException handshakeFailure(Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof NotSslRecordException) {
            return new MqttConnectException(
                    MqttConnectException.Failure.TLS_FAILED,
                    options.address() + " does not speak TLS (is it the MQTT over TLS port?)",
                    null,
                    cause);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof GeneralSecurityException) {
                // The trust manager rejected the server: wrong CA, or the server name is not in its certificate.
                return new MqttConnectException(
                        MqttConnectException.Failure.SERVER_NOT_TRUSTED,
                        "the gateway's certificate is not trusted for \"" + options.serverName() + "\" (" + describe(t)
                                + "): check the server CA file and the host/SNI name",
                        null,
                        cause);
            }
        }
        String text = describe(root).toLowerCase(Locale.ROOT);
        if (text.contains("alert") || text.contains("closed")) {
            return refused(
                    "the gateway refused the certificate during the TLS handshake (" + describe(root) + ")", cause);
        }
        return new MqttConnectException(
                MqttConnectException.Failure.TLS_FAILED,
                "the TLS handshake with " + options.address() + " failed: " + describe(root),
                null,
                cause);
    }

    private static MqttConnectException refused(String message, @Nullable Throwable cause) {
        return new MqttConnectException(MqttConnectException.Failure.REFUSED_BY_GATEWAY, message, null, cause);
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
