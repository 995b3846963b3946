package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.RetainedQuota;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.LeafRequest;
import io.thingcore.pki.Pem;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.server.Gateway;
import io.thingcore.server.GatewayConfig;
import io.thingcore.testkit.AwsClients;
import io.thingcore.testkit.MqttTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * Issue 13 point 1: a device allowed {@code iot:RetainPublish} on every topic publishes 3,000 retained messages of 100
 * KB to distinct topics, with Eclipse Paho, against the gateway as the server module wires it. The per-second quotas
 * are raised so that only the heap bound ({@code --retained-max-total-bytes}, 64 MiB) stops the flood: the process's
 * RSS grows by less than 150 MB and stays there. Prints the figures.
 */
class RetainedFloodIT {
    private static final String ALLOW_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    private static final int MESSAGES = 3000;
    private static final int PAYLOAD_BYTES = 100 * 1024;
    private static final long LIMIT_KB = 150 * 1024;

    @TempDir
    Path dataDir;

    @Test
    void threeThousandRetainedMessagesOf100KB_rssGrowsLessThan150MB_andStaysThere() throws Exception {
        RetainedQuota quota = new RetainedQuota(
                RetainedQuota.AWS.maxMessages(),
                RetainedQuota.AWS.maxMessageBytes(),
                RetainedQuota.AWS.maxTotalBytes(),
                100_000,
                100_000);
        try (Gateway gateway = Gateway.start(
                GatewayConfig.builder(dataDir)
                        .apiPort(0)
                        .mqttPort(0)
                        .retainedQuota(quota)
                        .build(),
                Clock.systemUTC())) {
            MqttConnectOptions options = register(gateway);
            ConnectionInfo info = gateway.connection();
            MqttClient device =
                    new MqttClient("ssl://localhost:" + info.mqttPort(), "flooder", new MemoryPersistence());
            device.connect(options);
            // Warm up the publish path, then take the baseline.
            publishRetained(device, "warmup/", 50);
            long before = settledRssKb();

            publishRetained(device, "flood/", MESSAGES);
            long after = settledRssKb();
            Thread.sleep(2000);
            long later = settledRssKb();

            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            MqttClient reader = new MqttClient("ssl://localhost:" + info.mqttPort(), "reader", new MemoryPersistence());
            reader.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {}

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    received.add(topic);
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            reader.connect(options);
            reader.subscribe("flood/0", 1);
            assertThat(received.poll(10, TimeUnit.SECONDS))
                    .as("an early one was kept")
                    .isEqualTo("flood/0");
            reader.subscribe("flood/" + (MESSAGES - 1), 1);
            assertThat(received.poll(1, TimeUnit.SECONDS))
                    .as("a late one was refused")
                    .isNull();
            reader.disconnect();
            device.disconnect();

            System.out.printf(
                    "RetainedFloodIT: %d retained publishes of %d KB; RSS %d MB before, %d MB after (+%d MB),"
                            + " %d MB 2 s later (+%d MB); limit +%d MB%n",
                    MESSAGES,
                    PAYLOAD_BYTES / 1024,
                    before / 1024,
                    after / 1024,
                    (after - before) / 1024,
                    later / 1024,
                    (later - before) / 1024,
                    LIMIT_KB / 1024);
            assertThat(after - before).isLessThan(LIMIT_KB);
            assertThat(later - before).isLessThan(LIMIT_KB);
        }
    }

    /** QoS 0 retained publishes, then one QoS 1: its PUBACK comes after the gateway has taken every one before it. */
    private static void publishRetained(MqttClient device, String prefix, int count) throws Exception {
        byte[] payload = new byte[PAYLOAD_BYTES];
        for (int i = 0; i < count; i++) {
            payload[0] = (byte) i;
            device.publish(prefix + i, payload, 0, true);
        }
        device.publish("flood-done", "done".getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private static long settledRssKb() throws IOException, InterruptedException {
        System.gc();
        Thread.sleep(500);
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    private static MqttConnectOptions register(Gateway gateway) throws Exception {
        KeyPair deviceKeys;
        X509Certificate deviceCertificate;
        try (IotClient iot = AwsClients.iot(gateway.connection())) {
            Instant now = Instant.now();
            CertificateAuthority ca = CertificateAuthority.selfSigned(
                    Keys.generate(KeyAlgorithm.EC_P256),
                    "CN=Flood CA",
                    now.minus(Duration.ofMinutes(5)),
                    now.plus(Duration.ofDays(1)));
            deviceKeys = Keys.generate(KeyAlgorithm.EC_P256);
            deviceCertificate =
                    ca.issue(LeafRequest.version1(deviceKeys.getPublic(), "CN=flooder", Duration.ofDays(1)));
            iot.registerCACertificate(b -> b.caCertificate(Pem.write(ca.certificate()))
                    .certificateMode(CertificateMode.SNI_ONLY)
                    .setAsActive(true));
            iot.createPolicy(b -> b.policyName("ALL").policyDocument(ALLOW_ALL));
            var registered = iot.registerCertificate(b -> b.certificatePem(Pem.write(deviceCertificate))
                    .caCertificatePem(Pem.write(ca.certificate()))
                    .status(CertificateStatus.ACTIVE));
            iot.attachPolicy(b -> b.policyName("ALL").target(registered.certificateArn()));
        }
        ConnectionInfo info = gateway.connection();
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(MqttTls.socketFactory(
                deviceCertificate, deviceKeys.getPrivate(), Path.of(info.serverCaFile()), info.mqttHost()));
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        options.setMaxInflight(1000);
        return options;
    }
}
