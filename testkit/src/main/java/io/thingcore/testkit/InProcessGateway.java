package io.thingcore.testkit;

import io.thingcore.server.ConnectionInfo;
import io.thingcore.server.Gateway;
import io.thingcore.server.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * The one in-process gateway of the tests: the composition root's {@link Gateway#start} on a data directory, with
 * free API and MQTT ports (port 0 rather than 8883: other suites and a developer's own gateway may hold 8883), and
 * the clients a user would point at it. For the gateway exactly as a user starts it, as a process, see
 * {@link GatewayProcess}.
 */
public final class InProcessGateway implements AutoCloseable {
    private final Gateway gateway;
    private final ConnectionInfo connection;

    private InProcessGateway(Gateway gateway) {
        this.gateway = gateway;
        this.connection = gateway.connection();
    }

    /** A gateway with the default configuration on {@code dataDir}. */
    public static InProcessGateway start(Path dataDir) {
        return start(dataDir, builder -> builder);
    }

    /** A gateway on {@code dataDir} whose configuration {@code configure} adjusts (e.g. the SNI rule). */
    public static InProcessGateway start(Path dataDir, UnaryOperator<GatewayConfig.Builder> configure) {
        return start(dataDir, configure, Clock.systemUTC());
    }

    /**
     * A gateway on {@code dataDir} that reads the time from {@code clock}: with a {@link io.thingcore.testkit.time.MovableClock}, a test moves
     * the gateway past a job's timeout instead of waiting for it.
     */
    public static InProcessGateway start(Path dataDir, UnaryOperator<GatewayConfig.Builder> configure, Clock clock) {
        GatewayConfig config = configure
                .apply(GatewayConfig.builder(dataDir).apiPort(0).mqttPort(0))
                .build();
        return new InProcessGateway(Gateway.start(config, clock));
    }

    /** The started gateway, for what this class does not wrap. */
    public Gateway gateway() {
        return gateway;
    }

    /** What the gateway wrote to {@code connection.json}: endpoints, credentials, the server CA file. */
    public ConnectionInfo connection() {
        return connection;
    }

    /** The AWS SDK's {@code IotClient} for this gateway, as {@link AwsClients#iot} builds it; the caller closes it. */
    public IotClient iot() {
        return AwsClients.iot(connection);
    }

    public int mqttPort() {
        return gateway.mqttPort();
    }

    public Path connectionFile() {
        return gateway.connectionFile();
    }

    /** The gateway's server CA, as PEM: what a device trusts. */
    public String serverCaPem() {
        try {
            return Files.readString(Path.of(connection.serverCaFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
