package io.thingcore.broker.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * Encrypts a connection's first application write (the CONNACK) itself, into one buffer with room for the TLS 1.3
 * session tickets that go out with it.
 *
 * <p>A BoringSSL server sends its NewSessionTickets not when the handshake ends but with its first application data
 * (BoringSSL's author, David Benjamin, in https://github.com/openssl/openssl/issues/25538: "This is the strategy that
 * BoringSSL uses"). Netty's {@code SslHandler} sizes that write's output for the plaintext alone: a 4-byte CONNACK
 * gets 4 bytes plus BoringSSL's 22 bytes of record overhead, and the two tickets (about 1.2 KB with an EC P-256
 * client certificate inside each) then leave 26 bytes per {@code SSL_write} call: 47 calls through JNI, each with its
 * own promise, slice, result object and 26-byte buffer in the socket write, about 9 KB of garbage and 50 us of the
 * broker's core per connection (issue 14; {@code FirstRecordWriterTest} counts the buffers). Here the same engine
 * wraps the first write into a buffer with {@link #TICKET_ROOM_BYTES} to spare, written below the {@code SslHandler}
 * in one piece; every later write goes through the {@code SslHandler} as before.
 *
 * <p>Only where it is safe to step past the {@code SslHandler}: its engine is BoringSSL's, the handshake has
 * succeeded (so the {@code SslHandler} has nothing of its own queued: writes before the handshake would have been held
 * there, and this is the first write to come down the pipeline) and the write is a buffer of at most
 * {@link #MAX_PLAINTEXT_BYTES}; otherwise the write passes on to the {@code SslHandler} untouched. One instance per
 * connection, on its event loop; removes itself at the first write.
 */
public final class FirstRecordWriter extends ChannelOutboundHandlerAdapter {
    /**
     * Room beyond the plaintext: the two tickets measured 1.2 KB with an EC P-256 client certificate in each; an
     * RSA-4096 certificate is about 1 KB larger per ticket. A flight that outgrows it takes one more pass.
     */
    static final int TICKET_ROOM_BYTES = 8192;

    /** Larger first writes (none in MQTT: the first is always a CONNACK) are left to the {@code SslHandler}. */
    static final int MAX_PLAINTEXT_BYTES = 4096;

    /** Passes of the engine before giving up: one is the rule, a second only if the tickets outgrew the room. */
    private static final int MAX_WRAPS = 4;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.pipeline().remove(this);
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (!(msg instanceof ByteBuf plaintext)
                || !plaintext.isReadable()
                || plaintext.readableBytes() > MAX_PLAINTEXT_BYTES
                || ssl == null
                || !(ssl.engine() instanceof ReferenceCountedOpenSslEngine engine)
                || !ssl.handshakeFuture().isSuccess()
                || engine.isOutboundDone()) {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf ciphertext = ctx.alloc().directBuffer(plaintext.readableBytes() + TICKET_ROOM_BYTES);
        try {
            for (int wraps = 0; plaintext.isReadable(); wraps++) {
                if (wraps == MAX_WRAPS) {
                    throw new SSLException("the first record did not fit in " + ciphertext.capacity() + " bytes");
                }
                SSLEngineResult result = engine.wrap(
                        plaintext.nioBuffer(),
                        ciphertext.nioBuffer(ciphertext.writerIndex(), ciphertext.writableBytes()));
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new SSLException("the TLS engine closed before the first record");
                }
                plaintext.skipBytes(result.bytesConsumed());
                ciphertext.writerIndex(ciphertext.writerIndex() + result.bytesProduced());
                if (plaintext.isReadable()) {
                    ciphertext.ensureWritable(TICKET_ROOM_BYTES);
                }
            }
        } catch (SSLException e) {
            ciphertext.release();
            plaintext.release();
            promise.tryFailure(e);
            // As a failed wrap in the SslHandler would: the session stage, last in the pipeline, logs it and closes.
            ctx.fireExceptionCaught(e);
            return;
        }
        plaintext.release();
        ctx.pipeline().context(ssl).write(ciphertext, promise);
    }
}
