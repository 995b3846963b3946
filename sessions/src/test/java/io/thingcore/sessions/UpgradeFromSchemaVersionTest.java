package io.thingcore.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.registry.Account;
import io.thingcore.registry.PageRequest;
import io.thingcore.registry.jdbc.JdbcRegistry;
import io.thingcore.storage.Storage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by the build before migration tracks ({@code registry-before-tracks.db}: one
 * {@code schema_version} table with versions 1 to 3, a certificate with a policy and a thing attached, a thing type,
 * tags, the registration code, and one persistent MQTT session with a subscription and a queued message) opens with
 * every store on it and keeps its data, carried into the gateway's default namespace.
 */
class UpgradeFromSchemaVersionTest {
    static final Account ACCOUNT = new Account("123456789012", "us-east-1");
    static final String CERTIFICATE_ID = "cfb6215203891f5a27168f05cb12edeb2268f5bca20f6674c93fdd75f1cf6491";

    @TempDir
    Path directory;

    @Test
    void aDatabaseFromBeforeTracksOpensAndKeepsItsData() throws Exception {
        Path file = directory.resolve("registry.db");
        try (InputStream in = getClass().getResourceAsStream("registry-before-tracks.db")) {
            Files.copy(in, file);
        }
        String url = "jdbc:sqlite:" + file;
        CertificateAuthority deviceCa = CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                "CN=device CA",
                Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(30)));
        for (int open = 0; open < 2; open++) {
            try (Storage storage = Storage.open(url, Clock.systemUTC());
                    JdbcRegistry registry = JdbcRegistry.open(storage, ACCOUNT, deviceCa, Clock.systemUTC())) {
                JdbcSessionStore sessions = JdbcSessionStore.open(storage, "123456789012", "us-east-1");
                assertThat(registry.things().describeThing("legacy-thing").attributes())
                        .isEqualTo(Map.of("color", "red"));
                assertThat(registry.things()
                                .listThingPrincipals("legacy-thing", PageRequest.first())
                                .items())
                        .containsExactly(ACCOUNT.certificateArn(CERTIFICATE_ID));
                assertThat(registry.policies()
                                .listAttachedPolicies(
                                        ACCOUNT.certificateArn(CERTIFICATE_ID), false, PageRequest.first())
                                .items())
                        .extracting(p -> p.policyName())
                        .containsExactly("legacy-policy");
                assertThat(registry.thingTypes()
                                .describeThingType("legacy-type")
                                .searchableAttributes())
                        .containsExactly("color");
                assertThat(registry.deviceDirectory().findCertificate(CERTIFICATE_ID))
                        .isPresent();
                List<JdbcSessionStore.Session> stored = sessions.loadAll();
                assertThat(stored).hasSize(1);
                assertThat(stored.get(0).clientId()).isEqualTo("legacy-client");
                assertThat(stored.get(0).subscriptions())
                        .containsExactly(new JdbcSessionStore.Subscription("legacy/topic", 1, false));
                assertThat(new String(stored.get(0).messages().get(0).payload(), StandardCharsets.UTF_8))
                        .isEqualTo("hello");
                Account elsewhere = new Account("123456789012", "eu-west-1");
                assertThat(registry.forNamespace(elsewhere)
                                .things()
                                .listThings(null, PageRequest.first())
                                .items())
                        .as("the rows were carried into the default namespace only")
                        .isEmpty();
                assertThat(JdbcSessionStore.open(storage, elsewhere.accountId(), elsewhere.region())
                                .loadAll())
                        .isEmpty();
            }
        }
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            List<String> tracks = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(
                    "SELECT track, version, name FROM schema_migrations ORDER BY track, version")) {
                while (rs.next()) {
                    tracks.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3));
                }
            }
            assertThat(tracks)
                    .containsExactly(
                            "registry 1 V001__initial.sql",
                            "registry 2 V002__namespaces.sql",
                            "registry 3 V003__creation_sequence.sql",
                            "registry 4 V004__change_feed.sql",
                            "sessions 1 V001__sessions.sql",
                            "sessions 2 V002__namespaces.sql",
                            "storage 1 V001__gateway_node.sql");
            try (ResultSet rs = statement.executeQuery("SELECT version FROM schema_version")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1))
                        .as("a build from before the tracks refuses the database as newer")
                        .isEqualTo(1000);
                assertThat(rs.next()).isFalse();
            }
        }
    }
}
