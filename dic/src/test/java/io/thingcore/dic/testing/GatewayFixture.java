package io.thingcore.dic.testing;

import io.thingcore.dic.endpoint.Target;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.server.Gateway;
import io.thingcore.server.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** A gateway started in-process on a temporary data directory, with free API and MQTT ports. */
public final class GatewayFixture implements AutoCloseable {
    public final Gateway gateway;
    public final ConnectionInfo connection;

    public GatewayFixture(Path dataDir) {
        // MQTT port 0 rather than 8883: other suites and a developer's own gateway may hold 8883.
        GatewayConfig config =
                GatewayConfig.builder(dataDir).apiPort(0).mqttPort(0).build();
        gateway = Gateway.start(config, Clock.systemUTC());
        try {
            connection = ConnectionInfo.read(gateway.connectionFile());
        } catch (IOException e) {
            gateway.close();
            throw new UncheckedIOException(e);
        }
    }

    /** The target exactly as {@code thingcore dic provision --connection FILE} builds it. */
    public Target target() {
        return target(connection.accessKeyId(), connection.secretAccessKey());
    }

    public Target target(String accessKeyId, String secretAccessKey) {
        try {
            return Target.gateway(
                    connection.apiEndpoint(),
                    connection.region(),
                    accessKeyId,
                    secretAccessKey,
                    connection.mqttPort(),
                    Files.readString(Path.of(connection.serverCaFile())),
                    gateway.connectionFile().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
