package io.thingcore.broker.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.metrics.BrokerCounters;
import io.thingcore.broker.pipeline.BrokerServices;
import io.thingcore.broker.pipeline.DisconnectReason;
import io.thingcore.broker.pipeline.Disconnector;
import io.thingcore.broker.refusals.RefusalReason;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client certificate stage (docs/architecture.md, a device's path): on handshake completion, takes the
 * {@link PresentedCertificate} that {@link RegistryTrustManager} parsed in the handshake, asks
 * {@link CertificateAuthenticator} again (this catches a registry change during the handshake and carries out
 * just-in-time registration), and either accepts (puts the {@link PeerCertificate} on the channel, fires
 * {@link PeerAuthenticated}, removes itself) or closes through the disconnector. Until accepted, every inbound byte is
 * discarded, so no MQTT packet from an unaccepted client is ever decoded.
 */
public final class ClientCertificateHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificateHandler.class);

    private final BrokerServices services;
    private final String sslHandlerName;
    private boolean accepted;

    /** Whether {@link SniCapture} read the ClientHello, and the server name in it (lower case; null if none). */
    private boolean clientHelloRead;

    private @Nullable String sni;

    public ClientCertificateHandler(BrokerServices services, String sslHandlerName) {
        this.services = services;
        this.sslHandlerName = sslHandlerName;
    }

    /**
     * Called by {@link SniCapture} when it has read the ClientHello, before the {@code SslHandler} sees it (a handshake
     * that fails on the ClientHello is then known to have sent one).
     *
     * @param serverName the server name the client sent, or null
     */
    void clientHelloRead(@Nullable String serverName) {
        clientHelloRead = true;
        sni = serverName == null ? null : serverName.toLowerCase(Locale.ROOT);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (accepted) {
            ctx.fireChannelRead(msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof SslHandshakeCompletionEvent handshake)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (!handshake.isSuccess()) {
            services.counters().handshake(BrokerCounters.Handshake.FAILED);
            refuseHandshake(ctx.channel(), handshake.cause());
            return;
        }
        services.counters().handshake(BrokerCounters.Handshake.SUCCEEDED);
        PresentedCertificate presented;
        try {
            presented = presented(ctx.channel());
        } catch (SSLPeerUnverifiedException | CertificateException | RuntimeException e) {
            // The TLS engine accepted a certificate that cannot be read back as X.509: not one the registry knows.
            services.counters().refused(RefusalReason.CERTIFICATE_UNKNOWN);
            services.disconnector()
                    .disconnect(ctx.channel(), DisconnectReason.AUTH_ERROR, "unusable client certificate: " + e);
            return;
        }
        AuthenticationResult result = services.authenticator().authenticate(presented);
        PeerCertificate peer = presented.peer();
        switch (result) {
            case AuthenticationResult.Accepted a -> {
                if (a.withoutSni() != null) {
                    warnAcceptedWithoutSni(ctx.channel(), peer, a.withoutSni());
                }
                accept(ctx, peer);
            }
            case AuthenticationResult.Rejected r -> {
                // Decided again after the handshake: a resumed session, or a registry change during the handshake.
                services.counters().refused(r.kind());
                services.refusals()
                        .refuse(
                                ctx.channel().remoteAddress(),
                                peer.certificateId(),
                                peer.commonName(),
                                peer.sni(),
                                r.kind(),
                                r.reason());
                ctx.channel().attr(Disconnector.REASON).setIfAbsent(DisconnectReason.AUTH_ERROR);
                ctx.close();
            }
            case AuthenticationResult.StillPending p -> {
                services.counters().refused(RefusalReason.CERTIFICATE_PENDING_ACTIVATION);
                services.events()
                        .certificateRegistered(peer.certificateId(), p.ca().caCertificateId(), peer.remoteIp());
                services.disconnector()
                        .disconnect(ctx.channel(), DisconnectReason.AUTH_ERROR, "certificate is PENDING_ACTIVATION");
            }
            case AuthenticationResult.RegisterJustInTime j -> {
                services.counters().refused(RefusalReason.CERTIFICATE_PENDING_ACTIVATION);
                registerJustInTime(ctx.channel(), presented, j);
            }
        }
    }

    /**
     * The one line and record of a handshake that failed (the engine closes the channel itself). A client that
     * connected and closed before sending anything is not a refused device (a port check): logged at debug only.
     */
    private void refuseHandshake(Channel channel, Throwable cause) {
        channel.attr(Disconnector.REASON).setIfAbsent(DisconnectReason.AUTH_ERROR);
        Byte notTls = channel.attr(SniCapture.NOT_TLS_FIRST_BYTE).get();
        HandshakeFailures.Classified classified = HandshakeFailures.classify(
                cause,
                notTls,
                clientHelloRead && notTls == null,
                services.config().handshakeTimeout().toMillis());
        if (classified == null) {
            // A port check, not a refused device: counted as a failed handshake only.
            LOG.debug("{} closed before its TLS ClientHello", channel.remoteAddress());
        } else {
            services.counters().refused(classified.reason());
            services.refusals()
                    .refuse(
                            channel.remoteAddress(),
                            classified.certificateId(),
                            classified.subjectCommonName(),
                            sni,
                            classified.reason(),
                            classified.detail());
        }
        channel.close();
    }

    /**
     * One line per connection that AWS IoT would refuse and {@link io.thingcore.broker.SniRule#LENIENT} accepts, so
     * that a fleet which works here but would not on AWS is visible in the log (docs/adr/0004).
     */
    private static void warnAcceptedWithoutSni(
            Channel channel, PeerCertificate peer, AuthenticationResult.SniOnly sniOnly) {
        LOG.warn(
                "{}: certificate {} ({}) connected without SNI: AWS IoT refuses this; accepted because this gateway"
                        + " serves one account (--sni-rule strict refuses it as AWS does)",
                channel.remoteAddress(),
                abbreviate(peer.certificateId()),
                switch (sniOnly) {
                    case CA_IN_MULTI_ACCOUNT_MODE -> "CA in multi-account mode, SNI_ONLY";
                    case REGISTERED_WITHOUT_CA -> "registered without CA, SNI_ONLY";
                });
    }

    private static String abbreviate(String certificateId) {
        return certificateId.length() > 12 ? certificateId.substring(0, 12) + "…" : certificateId;
    }

    private void accept(ChannelHandlerContext ctx, PeerCertificate peer) {
        ctx.channel().attr(PeerCertificate.KEY).setIfAbsent(peer);
        accepted = true;
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(new PeerAuthenticated(peer));
    }

    private void registerJustInTime(
            Channel channel, PresentedCertificate presented, AuthenticationResult.RegisterJustInTime j) {
        PeerCertificate peer = presented.peer();
        String caId = j.ca().caCertificateId();
        LOG.info("JITR: registering certificate {} under CA {} as PENDING_ACTIVATION", peer.certificateId(), caId);
        services.registrar()
                .registerPendingActivation(presented.certificate(), caId)
                .whenComplete((record, failure) -> channel.eventLoop().execute(() -> {
                    if (failure != null) {
                        LOG.warn("JITR of certificate {} failed", peer.certificateId(), failure);
                    } else {
                        services.events().certificateRegistered(peer.certificateId(), caId, peer.remoteIp());
                    }
                    // AWS disconnects after JITR; the device reconnects once the certificate is activated
                    // (auto-register-device-cert).
                    services.disconnector()
                            .disconnect(
                                    channel,
                                    DisconnectReason.AUTH_ERROR,
                                    "certificate just registered as PENDING_ACTIVATION");
                }));
    }

    private PresentedCertificate presented(Channel channel) throws SSLPeerUnverifiedException, CertificateException {
        SslHandler ssl = (SslHandler) channel.pipeline().get(sslHandlerName);
        SSLSession session = ssl.engine().getSession();
        Certificate[] chain = session.getPeerCertificates();
        String remoteIp = channel.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress()
                : null;
        return PresentedCertificate.fromHandshake(session, chain[0], sni, remoteIp);
    }
}
