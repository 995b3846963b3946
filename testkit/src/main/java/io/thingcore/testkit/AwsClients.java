package io.thingcore.testkit;

import io.thingcore.server.ConnectionInfo;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/** The real AWS SDK for Java v2 clients, pointed at a gateway the way users point them: endpoint override. */
public final class AwsClients {
    private AwsClients() {}

    public static IotClient iot(ConnectionInfo connection) {
        return at(IotClient.builder(), connection)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * {@code builder}, the builder of any AWS SDK v2 client ({@code iot}, {@code iot-jobs-data}, ...), pointed at the
     * gateway: its API endpoint, its region and its access key. The caller picks the HTTP client and builds.
     */
    public static <B extends AwsClientBuilder<B, ?>> B at(B builder, ConnectionInfo connection) {
        return builder.endpointOverride(URI.create(connection.apiEndpoint()))
                .region(Region.of(connection.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(connection.accessKeyId(), connection.secretAccessKey())));
    }
}
