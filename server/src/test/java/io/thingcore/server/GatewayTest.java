package io.thingcore.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.SniRule;
import io.thingcore.testkit.tools.PostgresSchema;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

class GatewayTest {
    @TempDir
    Path dataDir;

    /** Ports 0 (free ones), loopback, a host name and region that differ from the defaults. */
    private GatewayConfig.Builder gateway() {
        return GatewayConfig.builder(dataDir)
                .apiPort(0)
                .mqttPort(0)
                .hosts(List.of("gw.example.test"))
                .region("eu-west-1");
    }

    private GatewayConfig config(int apiPort, boolean tls) {
        return gateway().apiPort(apiPort).apiTls(tls).build();
    }

    @Test
    void writesAConnectionFileOnlyTheOwnerCanRead() throws Exception {
        try (Gateway gateway = Gateway.start(config(0, false), Clock.systemUTC())) {
            Path file = dataDir.resolve("connection.json");
            ConnectionInfo info = ConnectionInfo.read(file);
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(info.apiEndpoint()).isEqualTo("http://127.0.0.1:" + gateway.apiPort());
            assertThat(info.region()).isEqualTo("eu-west-1");
            assertThat(info.accountId()).matches("[1-9][0-9]{11}");
            assertThat(info.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
            assertThat(info.secretAccessKey()).hasSize(40);
            assertThat(info.mqttHost()).isEqualTo("gw.example.test");
            assertThat(Path.of(info.serverCaFile())).isAbsolute().exists();
            assertThat(info.shellLines()).contains("export AWS_ACCESS_KEY_ID=" + info.accessKeyId());
        }
    }

    @Test
    void keepsAccountCredentialsAndResourcesAcrossRestarts() throws Exception {
        ConnectionInfo first;
        try (Gateway gateway = Gateway.start(config(0, false), Clock.systemUTC());
                IotClient iot = client(gateway.connection(), null)) {
            first = gateway.connection();
            iot.createThing(b -> b.thingName("DIC_2"));
        }
        try (Gateway gateway = Gateway.start(config(0, false), Clock.systemUTC());
                IotClient iot = client(gateway.connection(), null)) {
            ConnectionInfo second = gateway.connection();
            assertThat(second.accountId()).isEqualTo(first.accountId());
            assertThat(second.accessKeyId()).isEqualTo(first.accessKeyId());
            assertThat(second.secretAccessKey()).isEqualTo(first.secretAccessKey());
            assertThat(iot.describeThing(b -> b.thingName("DIC_2")).thingArn())
                    .isEqualTo("arn:aws:iot:eu-west-1:" + first.accountId() + ":thing/DIC_2");
        }
    }

    @Test
    void commandLineCredentialsWinForThatRun() {
        GatewayConfig given = gateway()
                .accountId("111122223333")
                .credentials("AKIDEXAMPLE", "secret-example")
                .build();
        try (Gateway gateway = Gateway.start(given, Clock.systemUTC())) {
            assertThat(gateway.connection().accountId()).isEqualTo("111122223333");
            assertThat(gateway.connection().accessKeyId()).isEqualTo("AKIDEXAMPLE");
        }
    }

    @Test
    void servesTheApiOverHttpsWithTheGatewaysServerCertificateWhenAsked() throws Exception {
        try (Gateway gateway = Gateway.start(config(0, true), Clock.systemUTC())) {
            ConnectionInfo info = gateway.connection();
            assertThat(info.apiEndpoint()).startsWith("https://127.0.0.1:");
            try (IotClient iot = client(info, Path.of(info.serverCaFile()))) {
                assertThat(iot.listThings().things()).isEmpty();
            }
        }
    }

    @Test
    void refusesToStartWithOneClearLineWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Gateway.start(config(taken.getLocalPort(), false), Clock.systemUTC()))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()))
                    .hasMessageContaining("in use");
        }
        assertThat(dataDir.resolve("connection.json")).doesNotExist();
    }

    @Test
    void refusesASecondGatewayOnTheSameDataDirWithThePidUntilTheFirstStops() throws Exception {
        Path dir = dataDir.toAbsolutePath().normalize();
        try (Gateway first = Gateway.start(config(0, false), Clock.systemUTC())) {
            String connection = Files.readString(dataDir.resolve("connection.json"));
            assertThatThrownBy(() -> Gateway.start(config(0, false), Clock.systemUTC()))
                    .isInstanceOf(StartupException.class)
                    .hasMessage("the data directory " + dir + " is in use by pid "
                            + ProcessHandle.current().pid() + " (another thingcore gateway)");
            // Refused before it touched anything of the first one's.
            assertThat(Files.readString(dataDir.resolve("connection.json"))).isEqualTo(connection);
            try (IotClient iot = client(first.connection(), null)) {
                assertThat(iot.listThings().things()).isEmpty();
            }
        }
        try (Gateway second = Gateway.start(config(0, false), Clock.systemUTC())) {
            assertThat(second.apiPort()).isPositive();
        }
    }

    @Test
    void refusesADataDirThatIsAFile() throws Exception {
        Path file = Files.createFile(dataDir.resolve("not-a-dir"));
        GatewayConfig bad = GatewayConfig.builder(file).apiPort(0).mqttPort(0).build();
        assertThatThrownBy(() -> Gateway.start(bad, Clock.systemUTC()))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("data directory " + file + " is not usable");
    }

    @Test
    void refusesAnAccountIdThatIsNotTwelveDigits() {
        GatewayConfig bad =
                gateway().accountId("12345").credentials("AKID", "secret").build();
        assertThatThrownBy(() -> Gateway.start(bad, Clock.systemUTC()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("12 digits");
    }

    @Test
    void defaultsToTheLenientSniRuleAndAwsIotsKeepAliveForZero() {
        GatewayConfig defaults = gateway().build();
        assertThat(defaults.sniRule()).isEqualTo(SniRule.LENIENT);
        assertThat(defaults.keepAliveZeroSeconds()).isEqualTo(1200);
        assertThat(gateway().sniRule(SniRule.STRICT).build().sniRule()).isEqualTo(SniRule.STRICT);
    }

    @Test
    void keepAliveZeroIsSecondsOrNever() {
        assertThat(gateway().keepAliveZero("never").build().keepAliveZeroSeconds())
                .isEqualTo(BrokerConfig.KEEP_ALIVE_OFF);
        assertThat(gateway().keepAliveZero("NEVER").build().keepAliveZeroSeconds())
                .isEqualTo(BrokerConfig.KEEP_ALIVE_OFF);
        assertThat(gateway().keepAliveZero("600").build().keepAliveZeroSeconds())
                .isEqualTo(600);
        assertThat(gateway().keepAliveZero("65535").build().keepAliveZeroSeconds())
                .isEqualTo(65535);
        // 0 would read as "off" to some and "1200" to others: never says it
        for (String bad : List.of("0", "-1", "65536", "20m", "")) {
            assertThatThrownBy(() -> gateway().keepAliveZero(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--keep-alive-zero must be 1..65535 seconds or never, got '" + bad + "'");
        }
    }

    @Test
    void turnsHttpsOnWheneverTheApiIsBoundBeyondLoopback() {
        assertThat(Gateway.requiresTls(bound("127.0.0.1", false))).isFalse();
        assertThat(Gateway.requiresTls(bound("::1", false))).isFalse();
        assertThat(Gateway.requiresTls(bound("127.0.0.1", true))).isTrue();
        assertThat(Gateway.requiresTls(bound("0.0.0.0", false))).isTrue();
        assertThat(Gateway.requiresTls(bound("192.0.2.10", false))).isTrue();
    }

    private GatewayConfig bound(String address, boolean tls) {
        return gateway().apiBind(address).apiTls(tls).build();
    }

    @Test
    void keepsItsRegistryInPostgresqlWhenDbSaysSo() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create("gateway_test")) {
            GatewayConfig onPostgres = gateway().db(schema.url()).build();
            try (Gateway gateway = Gateway.start(onPostgres, Clock.systemUTC());
                    IotClient iot = client(gateway.connection(), null)) {
                iot.createThing(b -> b.thingName("DIC_2"));
            }
            assertThat(dataDir.resolve("registry.db")).doesNotExist();
            try (Gateway gateway = Gateway.start(onPostgres, Clock.systemUTC());
                    IotClient iot = client(gateway.connection(), null)) {
                assertThat(iot.describeThing(b -> b.thingName("DIC_2")).thingName())
                        .isEqualTo("DIC_2");
            }
        }
    }

    @Test
    void refusesASecondGatewayOnTheSamePostgresqlDatabaseNamingItUntilTheFirstStops(@TempDir Path otherDataDir)
            throws Exception {
        try (PostgresSchema schema = PostgresSchema.create("gateway_test")) {
            String db = schema.url();
            GatewayConfig second = GatewayConfig.builder(otherDataDir)
                    .apiPort(0)
                    .mqttPort(0)
                    .db(db)
                    .build();
            try (Gateway first = Gateway.start(gateway().db(db).build(), Clock.systemUTC())) {
                String database = schema.baseUrl().substring("jdbc:".length()).replaceFirst("\\?.*$", "");
                assertThatThrownBy(() -> Gateway.start(second, Clock.systemUTC()))
                        .isInstanceOf(StartupException.class)
                        .hasMessageStartingWith("the database " + database + " (schema " + schema.name()
                                + ") is in use by another thingcore gateway (started on ")
                        .hasMessageContaining(", pid " + ProcessHandle.current().pid() + ", at ")
                        .hasMessageEndingWith("; several nodes on one database are not supported yet: revocations "
                                + "and other changes would not reach the other node")
                        .hasMessageNotContaining("password");
                assertThat(otherDataDir.resolve("connection.json")).doesNotExist();
                assertThat(first.connection().apiEndpoint()).startsWith("http://");
            }
            try (Gateway started = Gateway.start(second, Clock.systemUTC())) {
                assertThat(started.connectionFile()).exists();
                assertThat(otherDataDir.resolve("connection.json")).exists();
            }
        }
    }

    @Test
    void neverPrintsADatabasePassword() {
        assertThat(Gateway.redact("jdbc:postgresql://db:5432/iot?user=u&password=hunter2"))
                .isEqualTo("jdbc:postgresql://db:5432/iot?user=u&password=***");
        assertThat(Gateway.redact("postgresql://u:hunter2@db:5432/iot")).isEqualTo("postgresql://u:***@db:5432/iot");
    }

    private static IotClient client(ConnectionInfo info, Path trustedCa) throws Exception {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        if (trustedCa != null) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(trustedCa)) {
                X509Certificate ca = (X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(in);
                trust.setCertificateEntry("thingcore-server-ca", ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            http.tlsTrustManagersProvider(factory::getTrustManagers);
        }
        return IotClient.builder()
                .endpointOverride(URI.create(info.apiEndpoint()))
                .region(Region.of(info.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(info.accessKeyId(), info.secretAccessKey())))
                .httpClient(http.build())
                .build();
    }
}
