package io.thingcore.broker.tls;

import io.netty.util.concurrent.FastThreadLocal;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * Carries what {@link RegistryTrustManager} read in a handshake to {@link ClientCertificateHandler} at its completion,
 * so that the certificate is read once per handshake.
 *
 * <p>One slot per thread, keyed by the handshake's session (the engine's handshake session is the session it hands
 * out once the handshake completes, in netty-tcnative's engine and the JDK's; the engine itself is not a key, as Netty
 * wraps the JDK's): the engine calls the trust manager inside the {@code SslHandler}'s unwrap on the connection's
 * event loop, and the same unwrap completes the handshake, so nothing else runs on that thread in between. Where that
 * does not hold (an engine that verifies on another thread, a handshake that fails after the trust decision, a
 * resumed session that skips the trust manager), {@link #take} finds another session or nothing and the handler reads
 * the certificate itself.
 *
 * <p>Until 2026-12 this went through the handshake session's values ({@code SSLSession.putValue}). Netty's BoringSSL
 * session keeps that map for the connection's life, and a map once written keeps its table: 80 bytes more per idle
 * connection (issue 14).
 */
final class HandshakeHandOff {
    private static final FastThreadLocal<HandshakeHandOff> SLOT = new FastThreadLocal<>() {
        @Override
        protected HandshakeHandOff initialValue() {
            return new HandshakeHandOff();
        }
    };

    private @Nullable SSLSession session;
    private @Nullable PresentedCertificate presented;

    private HandshakeHandOff() {}

    /** Leaves {@code presented} for the completion, on this thread, of the handshake of {@code session}. */
    static void leave(SSLSession session, PresentedCertificate presented) {
        HandshakeHandOff slot = SLOT.get();
        slot.session = session;
        slot.presented = presented;
    }

    /**
     * What was left for {@code session} on this thread, or null; the slot is emptied either way, so that it holds no
     * closed connection's session.
     */
    static @Nullable PresentedCertificate take(SSLSession session) {
        HandshakeHandOff slot = SLOT.get();
        PresentedCertificate left = slot.session == session ? slot.presented : null;
        slot.session = null;
        slot.presented = null;
        return left;
    }
}
