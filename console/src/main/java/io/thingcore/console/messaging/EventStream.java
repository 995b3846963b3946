package io.thingcore.console.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import io.thingcore.api.http.Json;
import io.thingcore.console.web.Http;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Live messages of one console subscription as server-sent events ({@code event: message}, JSON data). Messages
 * that arrive before the channel is attached wait in a small queue; after that they are written on the channel's
 * event loop and dropped (and counted, in the next event) while the browser does not keep up. A comment line every
 * {@link #HEARTBEAT_SECONDS} keeps proxies from timing out and ends the stream when the session has ended.
 */
public final class EventStream {
    public static final int HEARTBEAT_SECONDS = 15;
    static final int MAX_QUEUED = 100;

    private final BooleanSupplier sessionLive;
    private final Queue<String> early = new ArrayDeque<>();
    private volatile @Nullable AutoCloseable subscription;
    private @Nullable Channel channel;
    private long dropped;

    public EventStream(BooleanSupplier sessionLive) {
        this.sessionLive = sessionLive;
    }

    public void subscription(AutoCloseable subscription) {
        this.subscription = subscription;
    }

    public static HttpResponse head() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set("Content-Security-Policy", Http.CSP)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        return head;
    }

    /** Called with every delivered message, on any thread. */
    public void offer(ConsoleMessaging.Message message) {
        String event =
                "event: message\ndata: " + new String(Json.bytes(json(message)), StandardCharsets.UTF_8) + "\n\n";
        Channel attached;
        synchronized (this) {
            attached = channel;
            if (attached == null) {
                if (early.size() < MAX_QUEUED) {
                    early.add(event);
                } else {
                    dropped++;
                }
                return;
            }
        }
        attached.eventLoop().execute(() -> write(attached, event));
    }

    /** On the event loop, once the head is written: flushes the queue and starts the heartbeat. */
    public void attach(Channel channel) {
        synchronized (this) {
            this.channel = channel;
        }
        write(channel, "event: ready\ndata: {}\n\n");
        String event;
        while (true) {
            synchronized (this) {
                event = early.poll();
            }
            if (event == null) {
                break;
            }
            write(channel, event);
        }
        ScheduledFuture<?> heartbeat = channel.eventLoop()
                .scheduleAtFixedRate(
                        () -> {
                            if (sessionLive.getAsBoolean()) {
                                write(channel, ": keep-alive\n\n");
                            } else {
                                channel.close();
                            }
                        },
                        HEARTBEAT_SECONDS,
                        HEARTBEAT_SECONDS,
                        TimeUnit.SECONDS);
        channel.closeFuture().addListener(closed -> {
            heartbeat.cancel(false);
            close();
        });
    }

    public void close() {
        AutoCloseable handle = subscription;
        subscription = null;
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception ignored) {
                // the broker already forgot the subscription; nothing left to release
            }
        }
    }

    private void write(Channel channel, String event) {
        if (!channel.isActive()) {
            return;
        }
        if (!channel.isWritable()) {
            dropped++;
            return;
        }
        String text = event;
        if (dropped > 0 && event.startsWith("event: message")) {
            text = "event: dropped\ndata: {\"count\":" + dropped + "}\n\n" + event;
            dropped = 0;
        }
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
    }

    static ObjectNode json(ConsoleMessaging.Message message) {
        ObjectNode node = Json.object();
        node.put("topic", message.topic());
        node.put("qos", message.qos());
        node.put("retain", message.retain());
        Json.put(node, "receivedAt", message.receivedAt());
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message.payload()))
                    .toString();
            node.put("payload", text);
            node.put("encoding", "utf-8");
        } catch (CharacterCodingException e) {
            node.put("payload", Base64.getEncoder().encodeToString(message.payload()));
            node.put("encoding", "base64");
        }
        return node;
    }
}
