package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.GatewayProcess;
import io.thingcore.testkit.net.TcpProxy;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Issue 13: PostgreSQL goes away under a running gateway (every connection reset, new ones refused, as during a
 * PostgreSQL restart) for {@code -Dthingcore.outage.seconds} (12 by default: longer than the gateway's 10 s wait for a pooled connection, so that
 * at least one write waits it out and is refused) and comes back. While it is away the
 * gateway answers errors within a bound, never hangs, and a refused write leaves nothing behind; once it is back the
 * same gateway process (no restart) serves API writes and persistent MQTT sessions again. The times are printed.
 * Needs {@code THINGCORE_TEST_POSTGRES_URL}; the gateway reaches PostgreSQL through a {@link TcpProxy} so that the
 * outage touches nobody else.
 */
class PostgresOutageIT {
    /** The gateway's pool waits 10 s for a connection; an answer must come well within this. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void postgresqlAway_gatewayAnswersErrorsAndRecoversWithoutRestart() throws Exception {
        String base = System.getenv(CrashSafetyIT.POSTGRES_ENV);
        CrashSafetyIT.requirePostgres(base);
        Matcher hostPort =
                Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/").matcher(base);
        assertThat(hostPort.find()).as("a jdbc:postgresql://host[:port]/ URL").isTrue();
        String schema = "outage_it_" + Long.toHexString(System.nanoTime());
        try (Connection admin = DriverManager.getConnection(base)) {
            admin.createStatement().execute("CREATE SCHEMA " + schema);
        }
        int outageSeconds = Integer.getInteger("thingcore.outage.seconds", 12);
        try (TcpProxy proxy = TcpProxy.start(
                hostPort.group(1), hostPort.group(2) == null ? 5432 : Integer.parseInt(hostPort.group(2)))) {
            String viaProxy = base.substring(0, hostPort.start(1)) + "127.0.0.1:" + proxy.port()
                    + base.substring(hostPort.end(2) < 0 ? hostPort.end(1) : hostPort.end(2))
                    + "&currentSchema=" + schema;
            GatewayProcess gateway = GatewayProcess.start(CliJar.PATH, dataDir, "--db", viaProxy);
            List<MqttClient> open = new ArrayList<>();
            try (IotClient iot = iotWithoutRetries(gateway.connection())) {
                ConnectionInfo connection = gateway.connection();
                CrashWorkload mqtt = new CrashWorkload();
                mqtt.register(connection);
                iot.createThing(b -> b.thingName("before-outage"));
                assertThat(WritesUnderFault.parkOfflineSession(mqtt, connection, open))
                        .isFalse();

                proxy.cut();
                long cutAt = System.nanoTime();
                WritesUnderFault writes = new WritesUnderFault("while PostgreSQL is away", ANSWER_BOUND);
                while (System.nanoTime() - cutAt
                        < Duration.ofSeconds(outageSeconds).toNanos()) {
                    String thing = "during-outage-" + writes.refused().size();
                    writes.attempt(iot, thing);
                    assertThat(writes.kept())
                            .as("CreateThing while PostgreSQL is away is refused")
                            .isEmpty();
                }
                long mqttStarted = System.nanoTime();
                String mqttOutcome;
                try {
                    boolean present = mqtt.connectSubscriber(connection, "outage-session", open, true);
                    mqttOutcome = "persistent session accepted (present=" + present + ")";
                } catch (MqttException e) {
                    mqttOutcome = "persistent session refused (" + e.getReasonCode() + ")";
                }
                Duration mqttTook = Duration.ofNanos(System.nanoTime() - mqttStarted);
                assertThat(mqttTook)
                        .as("MQTT answer time while PostgreSQL is away")
                        .isLessThan(ANSWER_BOUND);
                // QoS 1 into the offline persistent session: whatever the gateway acknowledges now, it owes.
                long publishStarted = System.nanoTime();
                int acknowledgedDuringOutage = mqtt.publishNow(connection, "outage-publisher", 5);
                Duration publishTook = Duration.ofNanos(System.nanoTime() - publishStarted);

                proxy.restore();
                Duration recovery = WritesUnderFault.awaitRecovery(iot, "after-outage", Duration.ofSeconds(60));
                assertThat(recovery)
                        .as("an API write succeeds within 60 s of PostgreSQL's return")
                        .isNotNull();
                assertThat(gateway.isAlive()).as("the same gateway process").isTrue();
                writes.assertAcknowledgedSurvived(iot, "before-outage", mqtt, connection, open);
                System.out.printf(
                        "PostgreSQL outage of %d s under a running gateway (pid %d): %d API writes refused, "
                                + "slowest answer %d ms; MQTT during the outage: %s in %d ms, %d of 5 QoS 1 publishes "
                                + "acknowledged in %d ms (all delivered after it); first write after its "
                                + "return succeeded after %d ms, no restart%n",
                        outageSeconds,
                        gateway.pid(),
                        writes.refused().size(),
                        writes.slowest().toMillis(),
                        mqttOutcome,
                        mqttTook.toMillis(),
                        acknowledgedDuringOutage,
                        publishTook.toMillis(),
                        recovery.toMillis());
            } finally {
                WritesUnderFault.closeAll(open);
                gateway.close();
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(base)) {
                admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** One attempt per call: an answer's time is the gateway's, not the SDK's retries. */
    private static IotClient iotWithoutRetries(ConnectionInfo connection) {
        return IotClient.builder()
                .endpointOverride(URI.create(connection.apiEndpoint()))
                .region(Region.of(connection.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(connection.accessKeyId(), connection.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(ANSWER_BOUND.plusSeconds(10))
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
