package io.thingcore.api;

import io.thingcore.api.http.HttpTimeouts;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.registry.Account;
import io.thingcore.registry.jdbc.JdbcRegistry;
import io.thingcore.testkit.pki.TestPki;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** An {@link ApiServer} on an ephemeral port over a real SQLite {@link JdbcRegistry}; keys made at run time by the test kit. */
final class TestGateway implements AutoCloseable {
    static final Account ACCOUNT = new Account("123456789012", "us-east-1");
    static final String ACCESS_KEY = "AKIATHINGCORETEST";
    static final String SECRET = "thingcore/test+secret";
    static final String ENDPOINT_HOST = "gateway.thingcore.test";

    final JdbcRegistry registry;
    final ApiServer server;

    TestGateway(Path dir) {
        this(dir, HttpTimeouts.DEFAULTS);
    }

    TestGateway(Path dir, HttpTimeouts timeouts) {
        CertificateAuthority deviceCa =
                TestPki.ca("CN=thingcore test device CA").as(CertificateAuthority::of);
        registry = JdbcRegistry.open("jdbc:sqlite:" + dir.resolve("registry.db"), ACCOUNT, deviceCa, Clock.systemUTC());
        server = ApiServer.start(
                new ApiConfig(
                        "127.0.0.1",
                        0,
                        null,
                        ACCOUNT,
                        ACCESS_KEY,
                        SECRET,
                        List.of(ENDPOINT_HOST),
                        true,
                        Clock.systemUTC(),
                        timeouts),
                registry);
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.close();
        registry.close();
    }
}
