package io.thingcore.bench.auth;

import io.thingcore.bench.fixture.OneDeviceDirectory;
import io.thingcore.bench.policy.PolicyEvaluationBenchmark;
import io.thingcore.broker.auth.Actions;
import io.thingcore.broker.auth.AuthorizationGeneration;
import io.thingcore.broker.auth.ConnectionAuthorizer;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.spi.ThingRecord;
import io.thingcore.broker.tls.PeerCertificate;
import io.thingcore.policy.PolicyDocument;
import io.thingcore.policy.PolicyRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The authorization each PUBLISH pays (issue 14, fan-in CPU per message): {@code iot:Publish} on the message's topic
 * for the publishing connection, as the publish path asks it. {@code evaluated} is the path before the per-snapshot
 * decisions (two ARN strings and a policy evaluation per message, {@code ConnectionAuthorizer.isAllowed});
 * {@code decided} is {@code ConnectionAuthorizer.mayPublish}, which evaluates a topic once per snapshot. The topic is a
 * new {@code String} per call, as the MQTT decoder makes one per message, so its hash is computed every time.
 * {@code policy}: the DIC guide's "Allow * on *" or the ten-statement device policy of
 * {@link PolicyEvaluationBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PublishAuthorizationBenchmark {
    private static final String CERTIFICATE_ID = "c".repeat(64);
    private static final String CLIENT_ID = "dev-001";

    @Param({"seed", "device"})
    public String policy = "device";

    private ConnectionAuthorizer authorizer = authorizer(PolicyEvaluationBenchmark.DEVICE_POLICY);
    private char[] topic = "dev/dev-001/telemetry".toCharArray();

    @Setup
    public void setUp() {
        authorizer = authorizer(
                policy.equals("seed")
                        ? PolicyEvaluationBenchmark.SEED_POLICY
                        : PolicyEvaluationBenchmark.DEVICE_POLICY);
        if (!evaluated() || !decided()) {
            throw new IllegalStateException("the benchmark's publish is not allowed");
        }
    }

    @Benchmark
    public boolean evaluated() {
        return authorizer.isAllowed(Actions.PUBLISH, "topic/" + new String(topic));
    }

    @Benchmark
    public boolean decided() {
        return authorizer.mayPublish(new String(topic));
    }

    /**
     * {@code decided} as the fan-in scenario asks it: each call a different connection of {@value Fleet#CONNECTIONS},
     * in turn (in an order unrelated to where they are in memory), so that a connection's authorization state has left the core's caches by its next message, as it has
     * when a thousand publishers take turns on one event loop.
     */
    @Benchmark
    public boolean decidedAcrossConnections(Fleet fleet) {
        ConnectionAuthorizer next = fleet.authorizers[fleet.order[fleet.turn]];
        fleet.turn = (fleet.turn + 1) & (Fleet.CONNECTIONS - 1);
        return next.mayPublish(new String(topic));
    }

    /** {@value #CONNECTIONS} connections' authorizers, each with its snapshot and its topic's decision made. */
    @State(Scope.Thread)
    public static class Fleet {
        static final int CONNECTIONS = 4096;

        final ConnectionAuthorizer[] authorizers = new ConnectionAuthorizer[CONNECTIONS];
        /** The connections in a fixed random order, so that the next one is not the next in memory either. */
        final int[] order = new int[CONNECTIONS];

        int turn;

        @Setup
        public void connect(PublishAuthorizationBenchmark benchmark) {
            String policyJson = benchmark.policy.equals("seed")
                    ? PolicyEvaluationBenchmark.SEED_POLICY
                    : PolicyEvaluationBenchmark.DEVICE_POLICY;
            String topic = new String(benchmark.topic);
            for (int i = 0; i < CONNECTIONS; i++) {
                authorizers[i] = authorizer(policyJson);
                if (!authorizers[i].mayPublish(topic)) {
                    throw new IllegalStateException("the benchmark's publish is not allowed");
                }
                order[i] = i;
            }
            Random random = new Random(14);
            for (int i = CONNECTIONS - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swapped = order[i];
                order[i] = order[j];
                order[j] = swapped;
            }
        }
    }

    static ConnectionAuthorizer authorizer(String policyJson) {
        String account = "arn:aws:iot:us-east-1:123456789012:";
        PolicyRef ref = new PolicyRef("P", account + "policy/P", PolicyDocument.parse(policyJson));
        DeviceRecord device = new DeviceRecord(
                CERTIFICATE_ID,
                CertificateStatus.ACTIVE,
                "ca",
                CertificateMode.SNI_ONLY,
                Instant.EPOCH,
                Instant.MAX,
                List.of(ref),
                List.of(CLIENT_ID));
        ThingRecord thing = new ThingRecord(CLIENT_ID, "light", Map.of("site", "lab"));
        DeviceDirectory directory = new OneDeviceDirectory(device, null, thing);
        PeerCertificate peer = new PeerCertificate(
                CERTIFICATE_ID,
                Map.of("CommonName", List.of(CLIENT_ID)),
                Map.of("CommonName", List.of("DIC CA")),
                Map.of(),
                "1",
                null,
                "192.0.2.10");
        return new ConnectionAuthorizer(
                directory, new AuthorizationGeneration(), peer, CLIENT_ID, "us-east-1", "123456789012");
    }
}
