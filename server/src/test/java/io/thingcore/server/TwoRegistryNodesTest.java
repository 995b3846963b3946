package io.thingcore.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.registry.Account;
import io.thingcore.registry.CertificateRecord;
import io.thingcore.registry.CertificateStatus;
import io.thingcore.registry.jdbc.JdbcRegistry;
import io.thingcore.storage.Storage;
import io.thingcore.testkit.mqtt.RawMqttClient;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import io.thingcore.testkit.tools.PostgresSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two registry nodes on one database, as two gateway nodes would have them: node A's registry and node B's registry
 * with node B's broker, each on its own {@link Storage}. A certificate revoked through node A is seen by node B's
 * directory and its live MQTT connection on node B is closed, through the change feed (docs/adr/0009-change-feed.md);
 * the delay is measured over {@link #REVOCATIONS} revocations and printed (6 in every build, as many as
 * {@code -Dthingcore.nodes.revocations=N} asks for on demand).
 */
class TwoRegistryNodesTest {
    static final Account ACCOUNT = new Account("123456789012", "us-east-1");
    static final int REVOCATIONS = Math.max(2, Integer.getInteger("thingcore.nodes.revocations", 6));
    static final Duration LIMIT = Duration.ofSeconds(5);
    static final String ALLOW_ALL = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""";

    @Test
    void aCertificateRevokedThroughNodeAIsClosedOnNodeBWithinFiveSecondsOnPostgresql() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create("two_nodes")) {
            revokeThroughAAndMeasureOnB(schema.url(), "PostgreSQL");
        }
    }

    /** SQLite: the second node has no signal and learns of the change by polling (within a second). */
    @Test
    void aCertificateRevokedThroughNodeAIsClosedOnNodeBWithinFiveSecondsOnSqlite(@TempDir Path directory)
            throws Exception {
        revokeThroughAAndMeasureOnB("jdbc:sqlite:" + directory.resolve("registry.db"), "SQLite");
    }

    private static void revokeThroughAAndMeasureOnB(String url, String engine) throws Exception {
        TestPki pki = new TestPki();
        TestCa devices = TestPki.ca("CN=two nodes device CA");
        CertificateAuthority deviceCa = devices.as(CertificateAuthority::of);
        Clock clock = Clock.systemUTC();
        ExecutorService registryWriter = Executors.newSingleThreadExecutor();
        try (JdbcRegistry nodeA = JdbcRegistry.open(url, ACCOUNT, deviceCa, clock);
                Storage storageB = Storage.openAdditionalNode(url, clock);
                JdbcRegistry nodeB = JdbcRegistry.open(storageB, ACCOUNT, deviceCa, clock);
                MqttBroker brokerB = brokerOn(nodeB, registryWriter)) {
            int port = brokerB.start(
                    BrokerConfig.builder(pki.serverKey, List.of(pki.serverCertificate, pki.serverCa.certificate()))
                            .bindHost("127.0.0.1")
                            .port(0)
                            .hostNames(List.of("localhost"))
                            .accountId(ACCOUNT.accountId())
                            .region(ACCOUNT.region())
                            .build());
            nodeA.policies().createPolicy("allow-all", ALLOW_ALL, List.of());
            List<Long> delays = new ArrayList<>();
            for (int i = 0; i < REVOCATIONS; i++) {
                Device device = TestPki.device(devices, "CN=two-nodes-" + i);
                CertificateRecord certificate = nodeA.certificates()
                        .registerCertificateWithoutCa(device.certificatePem(), CertificateStatus.ACTIVE);
                String id = certificate.certificateId();
                nodeA.policies().attachPolicy("allow-all", certificate.certificateArn());
                awaitActiveWithPolicyOnB(nodeB, id);
                try (SSLSocket connection = connect(pki, device, port, "two-nodes-" + i)) {
                    long revoked = System.nanoTime();
                    nodeA.certificates().updateCertificate(id, CertificateStatus.REVOKED);
                    assertThat(closedByServer(connection, LIMIT))
                            .as("node B closed the connection of the certificate revoked through node A")
                            .isTrue();
                    delays.add(System.nanoTime() - revoked);
                }
                assertThat(nodeB.deviceDirectory()
                                .findCertificate(id)
                                .orElseThrow()
                                .status())
                        .isEqualTo(CertificateStatus.REVOKED);
                assertThat(RawMqttClient.connectAccepted(
                                port, pki.clientContext(device), "localhost", "two-nodes-again-" + i))
                        .as("node B refuses the revoked certificate")
                        .isFalse();
            }
            Collections.sort(delays);
            double median = REVOCATIONS % 2 == 1
                    ? delays.get(REVOCATIONS / 2) / 1e6
                    : (delays.get(REVOCATIONS / 2 - 1) + delays.get(REVOCATIONS / 2)) / 2e6;
            double max = delays.get(REVOCATIONS - 1) / 1e6;
            System.out.printf(
                    Locale.ROOT,
                    "two nodes on %s: revocation through node A closed node B's connection after median %.1f ms,"
                            + " max %.1f ms (%d revocations)%n",
                    engine,
                    median,
                    max,
                    REVOCATIONS);
            assertThat(max).isLessThan(LIMIT.toMillis());
        } finally {
            registryWriter.shutdown();
        }
    }

    private static MqttBroker brokerOn(JdbcRegistry registry, ExecutorService registryWriter) {
        RegistryDirectoryForBroker directory =
                new RegistryDirectoryForBroker(registry, registry.deviceDirectory(), registryWriter);
        MqttBroker broker = new MqttBroker(directory, directory);
        registry.addListener(new RegistryChangesToBroker(broker));
        return broker;
    }

    /** Registered and attached through node A: node B learns it through the feed too. */
    private static void awaitActiveWithPolicyOnB(JdbcRegistry nodeB, String id) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            var entry = nodeB.deviceDirectory().findCertificate(id);
            if (entry.isPresent()
                    && entry.get().status() == CertificateStatus.ACTIVE
                    && !entry.get().policies().isEmpty()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("node B never saw certificate " + id + " ACTIVE with its policy");
    }

    /** An MQTT 3.1.1 connection to node B with SNI {@code localhost}, accepted. */
    private static SSLSocket connect(TestPki pki, Device device, int port, String clientId) throws IOException {
        SSLSocket socket =
                (SSLSocket) pki.clientContext(device).getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout((int) LIMIT.toMillis());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName("localhost")));
        socket.setSSLParameters(parameters);
        try {
            socket.startHandshake();
            socket.getOutputStream().write(RawMqttClient.connectPacket(clientId, 4));
            socket.getOutputStream().flush();
            byte[] connAck = socket.getInputStream().readNBytes(4);
            assertThat(connAck).as("CONNACK, accepted").containsExactly(0x20, 0x02, 0x00, 0x00);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    private static boolean closedByServer(SSLSocket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // Whatever the server sends before it closes.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
