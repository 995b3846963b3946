package io.thingcore.broker.testing;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.pipeline.BrokerInitializer;
import io.thingcore.broker.pipeline.BrokerServices;
import io.thingcore.broker.pipeline.HandlerNames;
import io.thingcore.broker.services.ReservedTopicServices;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.SessionStore;
import io.thingcore.broker.tls.PeerAuthenticated;
import io.thingcore.broker.tls.PeerCertificate;
import io.thingcore.pki.CertificateIds;
import io.thingcore.policy.PolicyRef;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The MQTT stages (CONNECT, session) over an {@code EmbeddedChannel}, without TLS and without the codec: tests write
 * and read {@code MqttMessage} objects, as the decoder would produce them.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final TestPki PKI = new TestPki();

    public final TestDirectory directory = new TestDirectory();
    public final BrokerServices services;
    private final TestCa ca = TestPki.ca("CN=Embedded CA");
    private final String caId;

    public EmbeddedBroker() {
        this(b -> b);
    }

    /** A broker whose configuration {@code configure} adjusts (e.g. {@code --keep-alive-zero}). */
    public EmbeddedBroker(UnaryOperator<BrokerConfig.Builder> configure) {
        this(configure, ReservedTopicServices.NONE);
    }

    /** A broker with these reserved-topic services. */
    public EmbeddedBroker(ReservedTopicServices reservedTopics) {
        this(b -> b, reservedTopics);
    }

    private EmbeddedBroker(UnaryOperator<BrokerConfig.Builder> configure, ReservedTopicServices reservedTopics) {
        BrokerConfig config = configure
                .apply(BrokerConfig.builder(PKI.serverKey, List.of(PKI.serverCertificate))
                        .port(0)
                        .accountId("123456789012"))
                .build();
        services = BrokerServices.create(
                config, directory, directory, SessionStore.NONE, reservedTopics, Clock.systemUTC());
        caId = directory
                .registerCa(ca.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT)
                .caCertificateId();
    }

    /** A registered ACTIVE device with these policies, as the TLS stage would have accepted it. */
    public PeerCertificate device(List<PolicyRef> policies, String... things) {
        Device d = TestPki.device(ca, "CN=embedded");
        directory.register(d.certificate(), caId, CertificateStatus.ACTIVE, policies, things);
        return new PeerCertificate(
                CertificateIds.of(d.certificate()), Map.of(), Map.of(), Map.of(), "1", null, "127.0.0.1");
    }

    /**
     * A channel past the TLS stage for {@code peer}. Its event loop's clock is frozen: time moves only with
     * {@code advanceTimeBy} (then {@code runScheduledPendingTasks} runs what became due, such as the keep-alive
     * timeout), so no test depends on the wall clock.
     */
    public EmbeddedChannel channel(PeerCertificate peer) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        BrokerInitializer.addMqttHandlers(channel.pipeline(), services);
        channel.pipeline().remove(HandlerNames.CONNECT_FIELDS);
        channel.pipeline().remove(HandlerNames.MQTT_DECODER);
        channel.pipeline().remove(HandlerNames.MQTT_ENCODER);
        channel.pipeline().remove(HandlerNames.PUBLISH_ENCODER);
        channel.attr(PeerCertificate.KEY).set(peer);
        channel.pipeline().fireUserEventTriggered(new PeerAuthenticated(peer));
        return channel;
    }

    /**
     * As {@link #channel} but with the codec: tests write and read bytes, as they travel inside TLS (for packets the
     * decoder itself must refuse or must never see).
     */
    public EmbeddedChannel byteChannel(PeerCertificate peer) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        BrokerInitializer.addMqttHandlers(channel.pipeline(), services);
        channel.attr(PeerCertificate.KEY).set(peer);
        channel.pipeline().fireUserEventTriggered(new PeerAuthenticated(peer));
        return channel;
    }

    public static MqttMessage connect(String clientId, MqttVersion version, int keepAlive) {
        return MqttMessageBuilders.connect()
                .clientId(clientId)
                .protocolVersion(version)
                .cleanSession(true)
                .keepAlive(keepAlive)
                .build();
    }

    /** Reads the next outbound message (the caller releases it if it holds a buffer). */
    public static <T> T read(EmbeddedChannel channel) {
        return channel.readOutbound();
    }

    public static void drain(EmbeddedChannel channel) {
        Object o;
        while ((o = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(o);
        }
    }

    @Override
    public void close() {
        directory.close();
    }
}
