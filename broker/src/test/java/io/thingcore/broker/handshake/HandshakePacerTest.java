package io.thingcore.broker.handshake;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandshakePacerTest {
    /** Stands for the TLS handlers: records what reaches them. */
    private static final class Behind extends ChannelInboundHandlerAdapter {
        final List<String> seen = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            seen.add(bytes.toString(US_ASCII));
            bytes.release();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            seen.add("read complete");
        }
    }

    private final Behind behind = new Behind();
    private final EmbeddedChannel channel = new EmbeddedChannel(new HandshakePacer(), behind);

    /** Releases what the channel wrote (the TLS handler's ClientHello): the build fails on any leaked buffer. */
    @AfterEach
    void releaseWhatWasWritten() {
        channel.finishAndReleaseAll();
    }

    @Test
    void handshakeBytesWaitForTheConnectionsTurnAndTheChannelReadsNothingMeanwhile() {
        read(ascii("client hello"));

        assertEquals(List.of(), behind.seen);
        assertFalse(channel.config().isAutoRead(), "no second read may pile up behind the first");

        channel.runScheduledPendingTasks();

        assertEquals(List.of("client hello", "read complete"), behind.seen);
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void readsThatArriveBeforeTheTurnArePassedOnTogetherInOrder() {
        channel.pipeline().fireChannelRead(ascii("first"));
        channel.pipeline().fireChannelRead(ascii("second"));
        channel.pipeline().fireChannelReadComplete();

        channel.runScheduledPendingTasks();

        assertEquals(List.of("first", "second", "read complete"), behind.seen);
    }

    @Test
    void aConnectionClosedWhileWaitingReleasesWhatWasHeld() {
        ByteBuf held = ascii("client hello");
        read(held);

        channel.pipeline().fireChannelInactive(); // as the transport does when the peer closes
        channel.runScheduledPendingTasks();

        assertEquals(0, held.refCnt());
        assertEquals(List.of(), behind.seen);
    }

    /**
     * A client that distrusts the server's certificate sends an alert and closes; read together with the close (as
     * epoll does), the alert still reaches the TLS handler, which then says why the client left.
     */
    @Test
    void aClosePassesOnAHeldAlertOnceTheTlsHandlerIsThere() throws Exception {
        addTlsHandlerBehind();
        read(ascii("alert: unknown_ca"));

        channel.pipeline().fireChannelInactive();

        assertEquals(List.of("alert: unknown_ca", "read complete"), behind.seen);
    }

    @Test
    void aCloseDropsAHeldReadLongerThanAnAlert_noHandshakeStepOutOfTurn() throws Exception {
        addTlsHandlerBehind();
        ByteBuf flight = Unpooled.wrappedBuffer(new byte[HandshakePacer.LAST_WORDS_MAX_BYTES + 1]);
        read(flight);

        channel.pipeline().fireChannelInactive();

        assertEquals(0, flight.refCnt());
        assertEquals(List.of(), behind.seen);
    }

    @Test
    void removedWithBytesHeldItPassesThemOn() {
        read(ascii("finished, then CONNECT"));

        channel.pipeline().remove(HandshakePacer.class);

        assertEquals(List.of("finished, then CONNECT", "read complete"), behind.seen);
        assertTrue(channel.config().isAutoRead());
    }

    /** A TLS handler at the end of the pipeline, behind {@link Behind}, which consumes every read before it. */
    private void addTlsHandlerBehind() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        engine.setUseClientMode(true);
        channel.pipeline().addLast(new SslHandler(engine));
    }

    /**
     * One read as the transport delivers it. Not {@code writeInbound}: EmbeddedChannel runs due scheduled tasks after
     * it, and so would give the turn at once.
     */
    private void read(ByteBuf bytes) {
        channel.pipeline().fireChannelRead(bytes);
        channel.pipeline().fireChannelReadComplete();
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, US_ASCII);
    }
}
