package io.thingcore.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.testing.Received;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.testing.V3Client;
import io.thingcore.pki.Pem;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import io.thingcore.testkit.tools.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code mosquitto_pub} (OpenSSL client) against the broker; a missing client follows the external-tool rule
 * ({@link ExternalTools}).
 */
class MosquittoClientsTest {
    private static void requireTool(String tool) {
        ExternalTools.require(ExternalTools.onPath(tool).isPresent(), tool + " (apt-get install mosquitto-clients)");
    }

    @Test
    void mosquittoPub_withDeviceCertificate_reachesPahoSubscriber(@TempDir Path dir) throws Exception {
        requireTool("mosquitto_pub");
        TestPki pki = new TestPki();
        try (TestDirectory directory = new TestDirectory()) {
            TestCa ca = TestPki.ca("CN=mosquitto CA");
            String caId = directory
                    .registerCa(ca.certificate(), CaStatus.ACTIVE, false, CertificateMode.SNI_ONLY)
                    .caCertificateId();
            Device device = TestPki.deviceV1(ca, "CN=mosq");
            directory.register(
                    device.certificate(),
                    caId,
                    CertificateStatus.ACTIVE,
                    List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));
            MqttBroker broker = new MqttBroker(directory, directory);
            int port = broker.start(BrokerConfig.builder(pki.serverKey, List.of(pki.serverCertificate))
                    .bindHost("127.0.0.1")
                    .port(0)
                    .build());
            try (V3Client sub = new V3Client(port, "paho-sub", pki.clientContext(device), "localhost")) {
                sub.connect();
                sub.client.subscribe("light/#", 1);
                Files.writeString(dir.resolve("server-ca.pem"), Pem.write(pki.serverCa.certificate()));
                Files.writeString(dir.resolve("device.crt"), Pem.write(device.certificate()));
                Files.writeString(
                        dir.resolve("device.key"), Pem.writePkcs8(device.keys().getPrivate()));
                Process p = new ProcessBuilder(
                                "mosquitto_pub",
                                "-h",
                                "localhost",
                                "-p",
                                Integer.toString(port),
                                "-i",
                                "mosq-dev",
                                "--cafile",
                                dir.resolve("server-ca.pem").toString(),
                                "--cert",
                                dir.resolve("device.crt").toString(),
                                "--key",
                                dir.resolve("device.key").toString(),
                                "-q",
                                "1",
                                "-t",
                                "light/state",
                                "-m",
                                "on")
                        .redirectErrorStream(true)
                        .start();
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
                String output = new String(p.getInputStream().readAllBytes());
                assertThat(p.exitValue()).as(output).isZero();
                Received r = sub.poll(5000);
                assertThat(r).isNotNull();
                assertThat(r.text()).isEqualTo("on");
            } finally {
                broker.close();
            }
        }
    }
}
