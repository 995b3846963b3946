package io.thingcore.server;

import io.thingcore.streams.files.GatewayFiles;
import io.thingcore.streams.files.LocalFileStore;
import io.thingcore.streams.files.ObjectInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * A gateway started on free ports, and the AWS SDK for Java v2 pointed at its API the way users point it (endpoint
 * override, the connection's credentials): what the tests of API operations through a started gateway begin with.
 * (The test kit's {@code InProcessGateway} does the same for the modules above this one, which this one cannot use.)
 */
final class SdkGateway implements AutoCloseable {
    final Gateway gateway;
    final IotClient iot;

    private SdkGateway(Gateway gateway, IotClient iot) {
        this.gateway = gateway;
        this.iot = iot;
    }

    static SdkGateway start(Path dataDir) throws IOException {
        Gateway gateway = Gateway.start(
                GatewayConfig.builder(dataDir).apiPort(0).mqttPort(0).build(), Clock.systemUTC());
        ConnectionInfo info = gateway.connection();
        return new SdkGateway(
                gateway,
                IotClient.builder()
                        .endpointOverride(URI.create(info.apiEndpoint()))
                        .region(Region.of(info.region()))
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(info.accessKeyId(), info.secretAccessKey())))
                        .httpClient(UrlConnectionHttpClient.create())
                        .build());
    }

    /** Puts {@code bytes} under {@code key} in the gateway's own store, as {@code thingcore files put} does. */
    static ObjectInfo putOwnFile(Path dataDir, String key, byte[] bytes) throws IOException {
        return new LocalFileStore(dataDir.resolve(StreamsWiring.FILES_DIRECTORY))
                .put(GatewayFiles.OWN_BUCKET, key, new ByteArrayInputStream(bytes));
    }

    @Override
    public void close() {
        iot.close();
        gateway.close();
    }
}
