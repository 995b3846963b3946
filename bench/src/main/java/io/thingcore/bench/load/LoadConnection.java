package io.thingcore.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One load connection: CONNECT after the TLS handshake, SUBSCRIBE, PUBLISH with the send time in the first 8 bytes
 * of the payload, PUBACK for QoS 1 deliveries. Leaner than {@code io.thingcore.client.MqttClient} on purpose (no
 * future per message) and bound to a chosen loopback source address. Fields are touched only on the channel's event
 * loop.
 */
final class LoadConnection extends ChannelInboundHandlerAdapter {
    private final String clientId;
    private final Stats stats;
    private final int keepAliveSeconds;
    private final CompletableFuture<LoadConnection> connected = new CompletableFuture<>();
    private @Nullable CompletableFuture<Void> subscribed;
    private Channel channel;
    private int nextPacketId = 1;
    private int inFlight;

    private @Nullable String topic;
    private MqttQoS qos = MqttQoS.AT_LEAST_ONCE;
    private int window;
    private int payloadMin = 64;
    private int payloadMax = 256;
    private int publisherIndex = -1;
    private final SplittableRandom random;

    /** Payload header: the send time ({@link System#nanoTime()}) and the publisher's index (or -1). */
    static final int HEADER_BYTES = Long.BYTES + Integer.BYTES;

    LoadConnection(String clientId, Stats stats, int keepAliveSeconds) {
        this.clientId = clientId;
        this.stats = stats;
        this.keepAliveSeconds = keepAliveSeconds;
        this.random = new SplittableRandom(clientId.hashCode());
    }

    String clientId() {
        return clientId;
    }

    Channel channel() {
        return channel;
    }

    CompletableFuture<LoadConnection> connected() {
        return connected;
    }

    void fail(Throwable cause) {
        if (connected.completeExceptionally(cause) && channel != null) {
            channel.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                ctx.writeAndFlush(MqttMessageBuilders.connect()
                        .protocolVersion(MqttVersion.MQTT_3_1_1)
                        .clientId(clientId)
                        .cleanSession(true)
                        .keepAlive(keepAliveSeconds)
                        .build());
            } else {
                fail(handshake.cause());
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(new IllegalStateException(clientId + ": connection closed before CONNACK"));
        if (subscribed != null) {
            subscribed.completeExceptionally(new IllegalStateException(clientId + ": closed"));
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage message) || message.fixedHeader() == null) {
                return;
            }
            switch (message.fixedHeader().messageType()) {
                case PUBLISH -> onPublish(ctx, (MqttPublishMessage) message);
                case PUBACK -> onPubAck();
                case CONNACK -> {
                    MqttConnectReturnCode code =
                            ((MqttConnAckMessage) message).variableHeader().connectReturnCode();
                    if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                        connected.complete(this);
                    } else {
                        fail(new IllegalStateException(clientId + ": CONNACK " + code));
                    }
                }
                case SUBACK -> {
                    boolean refused = ((MqttSubAckMessage) message)
                            .payload().grantedQoSLevels().stream().anyMatch(q -> q >= 0x80);
                    CompletableFuture<Void> waiting = subscribed;
                    if (waiting == null) {
                        fail(new IllegalStateException(clientId + ": SUBACK without a SUBSCRIBE"));
                    } else if (refused) {
                        waiting.completeExceptionally(new IllegalStateException(clientId + ": SUBACK refused"));
                    } else {
                        waiting.complete(null);
                    }
                }
                default -> {
                    // PINGRESP and the rest need nothing
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onPublish(ChannelHandlerContext ctx, MqttPublishMessage publish) {
        long now = System.nanoTime();
        ByteBuf payload = publish.payload();
        Download d = download;
        if (d != null) {
            onBlock(d, publish.variableHeader().topicName(), payload, now);
            return;
        }
        if (payload.readableBytes() >= HEADER_BYTES) {
            stats.delivered(
                    payload.getLong(payload.readerIndex()), payload.getInt(payload.readerIndex() + Long.BYTES), now);
        }
        if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            ctx.write(new MqttPubAckMessage(
                    new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    MqttMessageIdVariableHeader.from(publish.variableHeader().packetId())));
        }
    }

    private void onPubAck() {
        inFlight--;
        stats.acked.increment();
        if (window > 0 && stats.publishing) {
            // Flushed with the PUBACKs of this read in channelReadComplete: one TLS record batch per read.
            publish(System.nanoTime());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    /** Subscribes to {@code filter}; call from any thread. */
    CompletableFuture<Void> subscribe(String filter, MqttQoS subscriptionQos) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            subscribed = result;
            channel.writeAndFlush(MqttMessageBuilders.subscribe()
                    .messageId(packetId())
                    .addSubscription(subscriptionQos, filter)
                    .build());
        });
        return result;
    }

    /** Sets where and how {@link #publish} sends. */
    void publishTo(String publishTopic, MqttQoS publishQos, int payloadMinBytes, int payloadMaxBytes) {
        this.topic = publishTopic;
        this.qos = publishQos;
        this.payloadMin = Math.max(HEADER_BYTES, payloadMinBytes);
        this.payloadMax = Math.max(this.payloadMin, payloadMaxBytes);
    }

    /**
     * Closed-loop publishing: keeps {@code size} QoS 1 messages in flight, sending the next on each PUBACK, while
     * {@link Stats#publishing}. Measures the most a broker sustains without unbounded queues anywhere.
     */
    void startWindow(int size) {
        channel.eventLoop().execute(() -> {
            window = size;
            for (int i = 0; i < size; i++) {
                publish(System.nanoTime());
            }
            channel.flush();
        });
    }

    /**
     * End-to-end closed loop: {@code size} messages of this publisher on their way to the subscriber at any time;
     * each delivery (reported through {@link Stats#endToEnd}) releases the next. Unlike a PUBACK window this stays
     * bounded when the broker acknowledges at once and queues (or drops) towards a slow subscriber.
     */
    void startEndToEnd(int index, int size) {
        channel.eventLoop().execute(() -> {
            publisherIndex = index;
            for (int i = 0; i < size; i++) {
                publish(System.nanoTime());
            }
            channel.flush();
        });
    }

    /**
     * When one of this publisher's messages last arrived ({@link System#nanoTime()}), end-to-end loops only; written on
     * the subscriber's event loop, read by the scenario.
     */
    private volatile long lastDeliveredNanos;

    long lastDeliveredNanos() {
        return lastDeliveredNanos;
    }

    /** One of this publisher's messages arrived: send the next (any thread). */
    void deliveredOne() {
        lastDeliveredNanos = System.nanoTime();
        if (!stats.publishing) {
            return;
        }
        if (channel.eventLoop().inEventLoop()) {
            publish(System.nanoTime());
            flushLater();
        } else {
            channel.eventLoop().execute(() -> {
                publish(System.nanoTime());
                channel.flush();
            });
        }
    }

    private boolean flushScheduled;

    /** Coalesces the flushes of the publishes one read of another channel triggered into one task. */
    private void flushLater() {
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(() -> {
                flushScheduled = false;
                channel.flush();
            });
        }
    }

    /** Whether another message may go out now (open-loop pacing skips, and counts, the ones that may not). */
    boolean canSend(int maxInFlight) {
        return channel.isActive() && channel.isWritable() && (qos == MqttQoS.AT_MOST_ONCE || inFlight < maxInFlight);
    }

    /** Writes (does not flush) one PUBLISH stamped with {@code sendNanos}; on the event loop only. */
    void publish(long sendNanos) {
        if (!channel.isActive()) {
            return;
        }
        int size = payloadMin == payloadMax ? payloadMin : random.nextInt(payloadMin, payloadMax + 1);
        ByteBuf payload = channel.alloc().buffer(size);
        payload.writeLong(sendNanos).writeInt(publisherIndex).writeZero(size - HEADER_BYTES);
        // Built directly: MqttMessageBuilders.publish() copies the payload (and leaves the original unreleased).
        MqttPublishMessage message = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, qos, false, 0),
                new MqttPublishVariableHeader(topic, qos == MqttQoS.AT_MOST_ONCE ? -1 : packetId()),
                payload);
        if (qos != MqttQoS.AT_MOST_ONCE) {
            inFlight++;
        }
        stats.sent.increment();
        channel.write(message, channel.voidPromise());
    }

    private int packetId() {
        int id = nextPacketId;
        nextPacketId = nextPacketId == 0xFFFF ? 1 : nextPacketId + 1;
        return id;
    }

    // MQTT-based file delivery as the AWS OTA library requests it with otaconfigMAX_NUM_BLOCKS_REQUEST 1 (ota.c,
    // requestDataHandler): one get/cbor request outstanding, always offset 0 with the bitmap of the blocks still
    // missing, so the service answers with the lowest one; the next request goes out when that block has arrived.

    /** The block size of the DIC firmware's OTA agent: {@code otaconfigLOG2_FILE_BLOCK_SIZE 10}. */
    static final int OTA_BLOCK_BYTES = 1024;

    private static final byte[] CLIENT_TOKEN = {'r', 'd', 'y'};

    /** The download under way: its request topic, the blocks still missing and when the last request went out. */
    private static final class Download {
        final String getTopic;
        final String dataTopic;
        final byte[] bitmap;
        final int blocks;
        int missing;
        long requestNanos;

        Download(String getTopic, String dataTopic, int blocks) {
            this.getTopic = getTopic;
            this.dataTopic = dataTopic;
            this.blocks = blocks;
            this.bitmap = new byte[(blocks + 7) / 8];
        }

        /** Every block missing again: the device starts the file over (the figure is a rate, not one download). */
        void reset() {
            for (int block = 0; block < blocks; block++) {
                bitmap[block >> 3] |= (byte) (1 << (block & 7));
            }
            missing = blocks;
        }

        /** The lowest missing block: the one a request with offset 0 and this bitmap is answered with. */
        int lowestMissing() {
            for (int i = 0; i < bitmap.length; i++) {
                if (bitmap[i] != 0) {
                    return i * 8 + Integer.numberOfTrailingZeros(bitmap[i] & 0xFF);
                }
            }
            return -1;
        }
    }

    private @Nullable Download download;

    /**
     * Starts downloading file 0 of the stream whose topics begin with {@code streamPrefix} ({@code
     * $aws/things/<thing>/streams/<stream>/}): one request outstanding, until {@link Stats#publishing} turns off.
     * Subscribe to {@code data/cbor} and {@code rejected/cbor} first.
     */
    void startDownload(String streamPrefix, int fileBytes) {
        channel.eventLoop().execute(() -> {
            Download d = new Download(
                    streamPrefix + "get/cbor",
                    streamPrefix + "data/cbor",
                    (fileBytes + OTA_BLOCK_BYTES - 1) / OTA_BLOCK_BYTES);
            d.reset();
            download = d;
            requestBlock(d);
            channel.flush();
        });
    }

    private void onBlock(Download d, String topicName, ByteBuf payload, long now) {
        if (!topicName.equals(d.dataTopic) || payload.readableBytes() < OTA_BLOCK_BYTES) {
            // A rejection (or a short reply): this device stops, the window counts it as failed.
            stats.failed.increment();
            return;
        }
        stats.delivered(d.requestNanos, -1, now);
        int block = d.lowestMissing();
        d.bitmap[block >> 3] &= (byte) ~(1 << (block & 7));
        if (--d.missing == 0) {
            d.reset();
        }
        if (stats.publishing) {
            requestBlock(d);
        }
    }

    /**
     * A GetStream request in CBOR as {@code OTA_CBOR_Encode_GetStreamRequestMessage} (ota_cbor.c) writes it: a map of
     * {@code c} (the client token, {@code "rdy"}), {@code f} (file 0), {@code l} (block size), {@code o} (offset 0),
     * {@code b} (the bitmap, a byte string) and {@code n} (1 block), QoS 0 as the library publishes it.
     */
    private void requestBlock(Download d) {
        ByteBuf request = channel.alloc().buffer(24 + d.bitmap.length);
        request.writeByte(0xA6); // map(6)
        request.writeByte(0x61)
                .writeByte('c')
                .writeByte(0x60 + CLIENT_TOKEN.length)
                .writeBytes(CLIENT_TOKEN);
        request.writeByte(0x61).writeByte('f').writeByte(0x00);
        request.writeByte(0x61).writeByte('l').writeByte(0x19).writeShort(OTA_BLOCK_BYTES);
        request.writeByte(0x61).writeByte('o').writeByte(0x00);
        request.writeByte(0x61).writeByte('b');
        if (d.bitmap.length < 24) {
            request.writeByte(0x40 + d.bitmap.length);
        } else if (d.bitmap.length < 256) {
            request.writeByte(0x58).writeByte(d.bitmap.length);
        } else {
            request.writeByte(0x59).writeShort(d.bitmap.length);
        }
        request.writeBytes(d.bitmap);
        request.writeByte(0x61).writeByte('n').writeByte(0x01);
        d.requestNanos = System.nanoTime();
        stats.sent.increment();
        channel.write(
                new MqttPublishMessage(
                        new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_MOST_ONCE, false, 0),
                        new MqttPublishVariableHeader(d.getTopic, -1),
                        request),
                channel.voidPromise());
    }

    /** Sends DISCONNECT and closes. */
    void disconnect() {
        if (channel.isActive()) {
            channel.writeAndFlush(MqttMessage.DISCONNECT).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }
}
