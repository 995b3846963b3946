package io.thingcore.bench.storage;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.registry.Account;
import io.thingcore.registry.CreateThingRequest;
import io.thingcore.registry.UpdateThingRequest;
import io.thingcore.registry.jdbc.JdbcRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Registry writes per second: each JMH thread updates its own thing (UpdateThing, one aggregate per writer), so the
 * figure with {@code -t 8} against {@code -t 1} shows whether writers on different aggregates proceed in parallel.
 * {@code database}: {@code sqlite} (a fresh file) or {@code postgresql} (a fresh schema in the database named by
 * {@code THINGCORE_BENCH_POSTGRES_URL}, a {@code jdbc:postgresql:} URL). Run with
 * {@code java -jar bench-jmh/target/benchmarks.jar RegistryWriteBenchmark -t 8}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class RegistryWriteBenchmark {
    static final Account ACCOUNT = new Account("123456789012", "us-east-1");

    /** Set by JMH from {@code @Param}; the initial value is the first parameter, for a run outside JMH. */
    @Param({"sqlite", "postgresql"})
    public String database = "sqlite";

    JdbcRegistry registry;
    private @Nullable Path directory;
    private @Nullable String baseUrl;
    private @Nullable String schema;
    private final AtomicInteger writers = new AtomicInteger();

    /** One writer: its own thing. */
    @State(Scope.Thread)
    public static class Writer {
        String thingName;
        int counter;

        @Setup(Level.Trial)
        public void createThing(RegistryWriteBenchmark benchmark) {
            thingName = "bench-" + benchmark.writers.incrementAndGet();
            benchmark.createThing(thingName);
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        String url;
        if (database.equals("sqlite")) {
            directory = Files.createTempDirectory("thingcore-bench");
            url = "jdbc:sqlite:" + directory.resolve("registry.db");
        } else {
            baseUrl = System.getenv("THINGCORE_BENCH_POSTGRES_URL");
            if (baseUrl == null || !baseUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalStateException("set THINGCORE_BENCH_POSTGRES_URL to a jdbc:postgresql: URL");
            }
            schema = "thingcore_bench_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection connection = DriverManager.getConnection(baseUrl);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
            }
            url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }
        CertificateAuthority deviceCa = CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                "CN=bench device CA",
                Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(1)));
        registry = JdbcRegistry.open(url, ACCOUNT, deviceCa, Clock.systemUTC());
    }

    void createThing(String name) {
        registry.things().createThing(new CreateThingRequest(name, null, Map.of()));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, SQLException {
        registry.close();
        if (schema != null) {
            try (Connection connection = DriverManager.getConnection(baseUrl);
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
        if (directory != null) {
            try (var files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    /** One UpdateThing on the writer's own thing: a new attribute value, so every call writes. */
    @Benchmark
    public void updateOwnThing(Writer writer) {
        registry.things()
                .updateThing(new UpdateThingRequest(
                        writer.thingName, null, Map.of("n", Integer.toString(writer.counter++)), true, null, false));
    }
}
