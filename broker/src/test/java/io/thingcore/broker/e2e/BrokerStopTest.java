package io.thingcore.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.testing.LeakWatcher;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.testing.V3Client;
import io.thingcore.broker.transport.MqttTransport;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestPki;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stopping the broker ends every device's connection, on each transport, and tears each one down (its TLS engine
 * released, which {@link LeakWatcher} checks after the stops). A device with keep-alive off (MQTT 3.1.1 section
 * 3.1.2.10) learns of a stopped broker only from its socket closing, and a process that embeds the broker and restarts
 * it in place (the gateway's tests do) must not keep a stopped broker's connections.
 */
class BrokerStopTest {
    static final int DEVICES = 8;
    static final int STOPS = 5;

    static TestPki pki;
    static TestDirectory directory;
    static Device device;

    @BeforeAll
    static void pki() {
        pki = new TestPki();
        directory = new TestDirectory();
        device = directory.allowAllDevice("CN=Stop CA", "CN=stop-device");
    }

    @AfterAll
    static void leaks() throws Exception {
        directory.close();
        LeakWatcher.assertNoLeaks();
    }

    @ParameterizedTest
    @EnumSource(MqttTransport.class)
    void stoppingTheBrokerClosesTheSocketOfEveryConnectedDevice(MqttTransport transport) throws Exception {
        assumeTrue(
                transport.unavailableBecause().isEmpty(),
                () -> transport.optionValue() + " does not load here: "
                        + transport.unavailableBecause().orElseThrow());
        for (int stop = 1; stop <= STOPS; stop++) {
            MqttBroker broker = new MqttBroker(directory, directory);
            List<V3Client> devices = new ArrayList<>();
            try {
                int port = broker.start(BrokerConfig.builder(pki.serverKey, List.of(pki.serverCertificate))
                        .bindHost("127.0.0.1")
                        .port(0)
                        .accountId("123456789012")
                        .eventLoopThreads(1)
                        .transport(transport)
                        .build());
                for (int i = 0; i < DEVICES; i++) {
                    V3Client client =
                            new V3Client(port, "stop-" + stop + "-" + i, pki.clientContext(device), "localhost");
                    client.options.setKeepAliveInterval(0);
                    devices.add(client.connect());
                }
            } finally {
                broker.close();
            }
            for (V3Client client : devices) {
                try (client) {
                    assertThat(client.awaitLost(5000))
                            .as("stop %d: %s saw its connection end", stop, client.client.getClientId())
                            .isTrue();
                }
            }
        }
    }
}
