package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.testkit.GatewayProcess;
import io.thingcore.testkit.tools.ExternalTools;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, "the suite that proves it": the gateway, started as users start it ({@code thingcore server} in its own
 * process), is killed with SIGKILL at a random moment while Paho publishers send QoS 1 messages into persistent
 * sessions and the AWS SDK makes registry writes, then restarted, for {@code -Dthingcore.crash.cycles} cycles (3 by
 * default, as CI runs it). Nothing the gateway acknowledged may be lost: every PUBACKed message reaches both
 * persistent sessions (the online one and the offline one), every registry write answered 200 is there, the sessions are still present, and SQLite's
 * {@code PRAGMA integrity_check} answers {@code ok} after every kill. Retained messages are kept in memory only
 * (docs/aws-compatibility.md), so none is found after a restart, which {@link CrashWorkload} checks as such. The
 * counts are printed.
 * {@code -Dthingcore.crash.seed} replays the kill moments of an earlier run.
 */
class CrashSafetyIT {
    static final String POSTGRES_ENV = "THINGCORE_TEST_POSTGRES_URL";

    @TempDir
    Path dataDir;

    @Test
    void sqlite_killedAtRandomMoments_losesNothingAcknowledged() throws Exception {
        CrashWorkload.Report report = run("SQLite", true);
        assertThat(report.losses()).as("acknowledged and lost").isEmpty();
    }

    @Test
    void postgresql_killedAtRandomMoments_losesNothingAcknowledged() throws Exception {
        String base = System.getenv(POSTGRES_ENV);
        requirePostgres(base);
        String schema = "crash_it_" + Long.toHexString(System.nanoTime());
        try (Connection admin = DriverManager.getConnection(base)) {
            admin.createStatement().execute("CREATE SCHEMA " + schema);
        }
        try {
            CrashWorkload.Report report = run("PostgreSQL", false, "--db", base + "&currentSchema=" + schema);
            assertThat(report.losses()).as("acknowledged and lost").isEmpty();
        } finally {
            try (Connection admin = DriverManager.getConnection(base)) {
                admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    static void requirePostgres(String url) {
        if (url == null || url.isBlank()) {
            ExternalTools.require(false, POSTGRES_ENV + " (a jdbc:postgresql:// URL; .ci/run sets it)");
        }
    }

    private CrashWorkload.Report run(String database, boolean sqlite, String... gatewayArgs) throws Exception {
        int cycles = Integer.getInteger("thingcore.crash.cycles", 3);
        long seed = Long.getLong("thingcore.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        CrashWorkload workload = new CrashWorkload();
        for (int cycle = 0; cycle < cycles; cycle++) {
            GatewayProcess gateway = GatewayProcess.start(CliJar.PATH, dataDir, gatewayArgs);
            List<MqttClient> open = new ArrayList<>();
            try {
                if (cycle == 0) {
                    workload.register(gateway.connection());
                }
                boolean online = workload.connectSubscriber(
                        gateway.connection(), CrashWorkload.ONLINE_SUBSCRIBER, open, cycle == 0);
                boolean offline = workload.connectSubscriber(
                        gateway.connection(), CrashWorkload.OFFLINE_SUBSCRIBER, open, cycle == 0);
                if (cycle > 0) {
                    assertThat(online)
                            .as("online session present after kill %d", cycle)
                            .isTrue();
                    assertThat(offline)
                            .as("offline session present after kill %d", cycle)
                            .isTrue();
                }
                // The offline session collects what it was owed, then goes offline while this cycle's load is sent.
                workload.awaitQuiet(CrashWorkload.OFFLINE_SUBSCRIBER, 1000, 30_000);
                MqttClient offlineClient = open.remove(open.size() - 1);
                offlineClient.disconnect(5000);
                offlineClient.close();

                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> load = workload.start(gateway.connection(), cycle, stop);
                // Between 0.5 s and 3 s of load: long enough for thousands of QoS 1 messages and dozens of API
                // writes to be in flight at the kill, short enough for the build's time.
                long killAfter = 500 + random.nextInt(2500);
                Thread.sleep(killAfter);
                gateway.kill();
                stop.set(true);
                for (Thread thread : load) {
                    thread.join(60_000);
                    assertThat(thread.isAlive())
                            .as("%s ended after the kill", thread.getName())
                            .isFalse();
                }
                System.out.printf("%s crash cycle %d: killed after %d ms%n", database, cycle + 1, killAfter);
            } finally {
                gateway.kill();
                closeAll(open);
            }
            if (sqlite) {
                assertThat(integrityCheck())
                        .as("integrity after kill %d", cycle + 1)
                        .isEqualTo("ok");
            }
        }

        GatewayProcess gateway = GatewayProcess.start(CliJar.PATH, dataDir, gatewayArgs);
        List<MqttClient> open = new ArrayList<>();
        CrashWorkload.Report report;
        try {
            assertThat(workload.connectSubscriber(gateway.connection(), CrashWorkload.ONLINE_SUBSCRIBER, open, false))
                    .as("online session present at the end")
                    .isTrue();
            assertThat(workload.connectSubscriber(gateway.connection(), CrashWorkload.OFFLINE_SUBSCRIBER, open, false))
                    .as("offline session present at the end")
                    .isTrue();
            workload.awaitQuiet(CrashWorkload.ONLINE_SUBSCRIBER, 1000, 30_000);
            workload.awaitQuiet(CrashWorkload.OFFLINE_SUBSCRIBER, 1000, 30_000);
            report = workload.verify(gateway.connection(), open);
        } finally {
            closeAll(open);
            gateway.close();
        }
        if (sqlite) {
            assertThat(integrityCheck())
                    .as("integrity after the last clean stop")
                    .isEqualTo("ok");
        }
        System.out.printf(
                "%s crash safety: %d kill -9 cycles (seed %d, -Dthingcore.crash.seed to replay)%n%s",
                database, cycles, seed, report);
        return report;
    }

    private String integrityCheck() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("registry.db"));
                ResultSet result = connection.createStatement().executeQuery("PRAGMA integrity_check")) {
            StringBuilder answer = new StringBuilder();
            while (result.next()) {
                answer.append(result.getString(1));
            }
            return answer.toString();
        }
    }

    private static void closeAll(List<MqttClient> clients) {
        for (MqttClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1000);
                }
                client.close(true);
            } catch (MqttException e) {
                // already gone with the gateway
            }
        }
    }
}
