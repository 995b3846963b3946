package io.thingcore.testkit;

import io.thingcore.server.ConnectionInfo;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/** The real AWS SDK for Java v2 clients, pointed at a gateway the way users point them: endpoint override. */
public final class AwsClients {
    private AwsClients() {}

    public static IotClient iot(ConnectionInfo connection) {
        return IotClient.builder()
                .endpointOverride(URI.create(connection.apiEndpoint()))
                .region(Region.of(connection.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(connection.accessKeyId(), connection.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
