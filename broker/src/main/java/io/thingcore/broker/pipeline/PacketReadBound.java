package io.thingcore.broker.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Closes a connection whose packet has begun but not ended within a bound. A packet that has only begun is no
 * Control Packet: it does not reset the keep-alive ([MQTT-3.1.2-24] in MQTT 3.1.1, [MQTT-3.1.2-22] in MQTT 5), so the
 * keep-alive alone would close such a connection only after 1.5 times the keep-alive (30 minutes for AWS IoT's
 * 1200 s), and never with keep-alive off ({@code --keep-alive-zero never}). A server may close a client it finds
 * inactive or non-responsive at any time (MQTT 3.1.1 section 3.1.2.10, MQTT 5.0 section 3.1.2.10). Threat: a client
 * that announces a packet (a SUBSCRIBE whose Remaining Length promises more bytes than it sends) and stops, holding
 * its connection, its session and the decoder's buffer.
 *
 * <p>Reads only the fixed headers (packet type byte, Remaining Length) and counts the bytes after them; passes every
 * buffer on untouched, before the decoder. A Remaining Length the decoder refuses (more than four bytes, over the
 * size limit) is the decoder's to answer. One timer at most per connection and bound: a connection whose packets
 * always end in time arms it once per bound, not once per packet. One instance per connection, on its event loop.
 */
public final class PacketReadBound extends ChannelInboundHandlerAdapter {
    private enum State {
        BETWEEN_PACKETS,
        REMAINING_LENGTH,
        BODY
    }

    /** {@link #packetStart} of a packet that began in the read being followed. */
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final Disconnector disconnector;
    private final long boundNanos;

    private State state = State.BETWEEN_PACKETS;
    private long remaining;
    private int multiplier;
    private int lengthBytes;
    private long packetStart;
    private long packetBytes;
    private @Nullable ScheduledFuture<?> timer;

    public PacketReadBound(Disconnector disconnector, Duration bound) {
        this.disconnector = disconnector;
        this.boundNanos = bound.toNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            follow(bytes);
            // A packet still unfinished whose start is known and whose timer is armed needs no clock read: a large
            // PUBLISH arriving over several reads reads it once.
            if (state != State.BETWEEN_PACKETS && (packetStart == UNKNOWN || timer == null)) {
                long now = ctx.executor().ticker().nanoTime();
                if (packetStart == UNKNOWN) {
                    // The packet began in this read: its first byte came with it, so now is when it began.
                    packetStart = now;
                }
                if (timer == null) {
                    arm(ctx, boundNanos - (now - packetStart));
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    /**
     * Advances over the packet boundaries in {@code bytes} without reading from it. A packet's start time is left
     * {@link #UNKNOWN} and read from the clock only when the packet does not end in this read: most packets end in the
     * read that began them, and those cost no clock read (issue 14: one per packet showed in the fan-in profile).
     */
    private void follow(ByteBuf bytes) {
        int at = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (at < end) {
            switch (state) {
                case BETWEEN_PACKETS -> {
                    at++; // the packet type and flags
                    state = State.REMAINING_LENGTH;
                    remaining = 0;
                    multiplier = 1;
                    lengthBytes = 0;
                    packetBytes = 0;
                    packetStart = UNKNOWN;
                }
                case REMAINING_LENGTH -> {
                    int digit = bytes.getUnsignedByte(at++);
                    remaining += (long) (digit & 0x7F) * multiplier;
                    multiplier *= 128;
                    lengthBytes++;
                    if ((digit & 0x80) == 0) {
                        packetBytes = remaining;
                        state = remaining == 0 ? State.BETWEEN_PACKETS : State.BODY;
                    } else if (lengthBytes == 4) {
                        // MQTT 3.1.1 section 2.2.3: at most four bytes; the decoder refuses the packet.
                        state = State.BETWEEN_PACKETS;
                        return;
                    }
                }
                case BODY -> {
                    int taken = (int) Math.min(remaining, end - at);
                    at += taken;
                    remaining -= taken;
                    if (remaining == 0) {
                        state = State.BETWEEN_PACKETS;
                    }
                }
            }
        }
    }

    private void arm(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> expire(ctx), Math.max(delayNanos, 0), TimeUnit.NANOSECONDS);
    }

    /** The bound of the packet that was unfinished when the timer was armed; the current packet may be a later one. */
    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (state == State.BETWEEN_PACKETS || !ctx.channel().isOpen()) {
            return;
        }
        long elapsed = ctx.executor().ticker().nanoTime() - packetStart;
        if (elapsed < boundNanos) {
            arm(ctx, boundNanos - elapsed);
            return;
        }
        String received = state == State.BODY
                ? (packetBytes - remaining) + " of its " + packetBytes + " bytes after the fixed header"
                : "its fixed header only in part";
        disconnector.disconnect(
                ctx.channel(),
                DisconnectReason.CLIENT_ERROR,
                "packet not complete " + Duration.ofNanos(boundNanos).toSeconds() + " s after its first byte ("
                        + received + ")");
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
