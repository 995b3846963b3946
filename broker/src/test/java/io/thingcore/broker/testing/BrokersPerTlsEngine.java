package io.thingcore.broker.testing;

import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.TlsProvider;
import io.thingcore.broker.spi.CertificateRegistrar;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.testkit.pki.TestPki;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One broker per TLS engine (the JDK's and BoringSSL through netty-tcnative), each on a free loopback port with the
 * test PKI's server certificate, for the tests that check a TLS behaviour on both engines. {@code customize} adds
 * what a test needs to the common configuration (host name {@code localhost}, account 123456789012).
 */
public final class BrokersPerTlsEngine implements AutoCloseable {
    private final Map<TlsProvider, MqttBroker> brokers = new EnumMap<>(TlsProvider.class);
    private final Map<TlsProvider, Integer> ports = new EnumMap<>(TlsProvider.class);

    private BrokersPerTlsEngine() {}

    public static BrokersPerTlsEngine start(
            TestPki pki,
            DeviceDirectory directory,
            CertificateRegistrar registrar,
            UnaryOperator<BrokerConfig.Builder> customize)
            throws Exception {
        BrokersPerTlsEngine engines = new BrokersPerTlsEngine();
        try {
            for (TlsProvider provider : List.of(TlsProvider.JDK, TlsProvider.OPENSSL)) {
                MqttBroker broker = new MqttBroker(directory, registrar);
                engines.brokers.put(provider, broker);
                BrokerConfig.Builder config = BrokerConfig.builder(
                                pki.serverKey, List.of(pki.serverCertificate, pki.serverCa.certificate()))
                        .bindHost("127.0.0.1")
                        .port(0)
                        .hostNames(List.of("localhost"))
                        .accountId("123456789012")
                        .tlsProvider(provider);
                engines.ports.put(provider, broker.start(customize.apply(config).build()));
            }
        } catch (Exception e) {
            engines.close();
            throw e;
        }
        return engines;
    }

    /** The brokers by engine (unmodifiable). */
    public Map<TlsProvider, MqttBroker> brokers() {
        return Collections.unmodifiableMap(brokers);
    }

    /** Their MQTT ports by engine (unmodifiable). */
    public Map<TlsProvider, Integer> ports() {
        return Collections.unmodifiableMap(ports);
    }

    @Override
    public void close() {
        for (MqttBroker broker : brokers.values()) {
            broker.close();
        }
    }
}
