package io.thingcore.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.TlsProvider;
import io.thingcore.broker.testing.BrokersPerTlsEngine;
import io.thingcore.broker.testing.LeakWatcher;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.testkit.mqtt.RawMqttClient;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ALPN on the MQTT port, with both TLS engines. AWS IoT Core on port 443 expects MQTT clients with X.509 certificates
 * to offer the ALPN protocol name {@code x-amzn-mqtt-ca} and port 8883 none (AWS IoT Developer Guide, "Device
 * communication protocols", table "Protocols, authentication, and port mappings",
 * https://docs.aws.amazon.com/iot/latest/developerguide/protocols.html). The AWS IoT Device SDK for Embedded C offers
 * exactly that name when its port is 443 (aws-iot-device-sdk-embedded-C 202211.00,
 * demos/ota/ota_demo_core_mqtt/ota_demo_core_mqtt.c:971-990, demos/include/aws_iot_alpn_defs.h:38). thingcore has one
 * MQTT port for both kinds of client: the name is selected when offered, and a client that offers none connects as
 * before.
 */
class AlpnTest {
    static final String HOST = "localhost";
    static final AtomicInteger IDS = new AtomicInteger();

    static TestPki pki;
    static TestDirectory directory;
    static Device device;
    static BrokersPerTlsEngine engines;
    static Map<TlsProvider, MqttBroker> BROKERS;
    static Map<TlsProvider, Integer> PORTS;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki();
        directory = new TestDirectory();
        device = directory.allowAllDevice("CN=ALPN CA", "CN=alpn-device");
        engines = BrokersPerTlsEngine.start(
                pki, directory, directory, b -> b.hostNames(List.of(HOST)).eventLoopThreads(1));
        BROKERS = engines.brokers();
        PORTS = engines.ports();
    }

    @AfterAll
    static void stop() throws Exception {
        if (engines != null) {
            engines.close();
        }
        directory.close();
        LeakWatcher.assertNoLeaks();
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void theEmbeddedCSdksPort443NameIsSelected(TlsProvider provider) throws Exception {
        assertThat(connect(provider, "x-amzn-mqtt-ca")).isEqualTo(new Outcome("x-amzn-mqtt-ca", 0));
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void theNameIsSelectedAmongOthersTheClientOffers(TlsProvider provider) throws Exception {
        assertThat(connect(provider, "h2", "x-amzn-mqtt-ca")).isEqualTo(new Outcome("x-amzn-mqtt-ca", 0));
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void aClientWithoutAlpnConnectsAsOnPort8883(TlsProvider provider) throws Exception {
        assertThat(connect(provider)).isEqualTo(new Outcome("", 0));
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void otherNamesAreNotAcknowledgedAndTheCertificateStillDecides(TlsProvider provider) throws Exception {
        // "mqtt" is AWS's name for custom authentication on 443, which thingcore does not have: no name is selected,
        // and the client certificate is what admits the client, as on a port without ALPN.
        assertThat(connect(provider, "mqtt")).isEqualTo(new Outcome("", 0));
    }

    record Outcome(String applicationProtocol, int connackReturnCode) {}

    /** A TLS handshake offering {@code alpn} (none when empty), then an MQTT 3.1.1 CONNECT; the CONNACK's code. */
    static Outcome connect(TlsProvider provider, String... alpn) throws IOException {
        try (SSLSocket socket = (SSLSocket)
                pki.clientContext(device).getSocketFactory().createSocket("127.0.0.1", PORTS.get(provider))) {
            socket.setSoTimeout(5000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(HOST)));
            parameters.setApplicationProtocols(alpn);
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            String selected = socket.getApplicationProtocol();
            socket.getOutputStream().write(RawMqttClient.connectPacket("alpn-" + IDS.incrementAndGet(), 4));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] connack = in.readNBytes(4);
            assertThat(connack).hasSize(4);
            assertThat(connack[0]).as("CONNACK").isEqualTo((byte) 0x20);
            return new Outcome(selected, connack[3]);
        }
    }
}
