package io.thingcore.dic.endpoint;

import io.thingcore.dic.DicException;
import io.thingcore.pki.Pem;
import io.thingcore.pki.PkiException;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.IotClientBuilder;

/**
 * A provisioning target.
 *
 * @param kind what it is
 * @param endpointOverride the API endpoint; null for real AWS (the SDK's regional endpoint)
 * @param region the region; null to let the SDK's region chain decide (real AWS only)
 * @param profile the shared-config profile; null for the SDK default
 * @param accessKeyId with {@code secretAccessKey}: fixed credentials (a gateway's); null for the SDK's default chain
 * @param secretAccessKey see {@code accessKeyId}
 * @param mqttPort the MQTT over TLS port devices use; null for AWS's 8883
 * @param serverCaPem the CA that signs the MQTT server's certificate; null for Amazon Root CA 1 (real AWS)
 * @param source where the target came from, for messages (e.g. the connection file's path)
 */
public record Target(
        Kind kind,
        @Nullable URI endpointOverride,
        @Nullable String region,
        @Nullable String profile,
        @Nullable String accessKeyId,
        @Nullable String secretAccessKey,
        @Nullable Integer mqttPort,
        @Nullable String serverCaPem,
        String source) {

    /** The MQTT port of AWS IoT Core for MQTT over TLS with client certificates. */
    public static final int AWS_MQTT_PORT = 8883;

    public enum Kind {
        /** A thingcore gateway described by its {@code connection.json}. */
        GATEWAY,
        /** Any AWS IoT-compatible endpoint given as a URL, with the SDK's default credential chain. */
        ENDPOINT,
        /** Real AWS IoT Core. */
        AWS
    }

    public Target {
        Objects.requireNonNull(kind, "kind");
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("accessKeyId and secretAccessKey go together");
        }
        if (kind != Kind.AWS && endpointOverride == null) {
            throw new IllegalArgumentException(kind + " needs an endpoint URL");
        }
    }

    /**
     * A thingcore gateway, from the members of its {@code connection.json}.
     *
     * @param serverCaPem the content of the file named by {@code serverCaFile}
     */
    public static Target gateway(
            String apiEndpoint,
            String region,
            String accessKeyId,
            String secretAccessKey,
            int mqttPort,
            String serverCaPem,
            String source) {
        return new Target(
                Kind.GATEWAY,
                URI.create(apiEndpoint),
                region,
                null,
                accessKeyId,
                secretAccessKey,
                mqttPort,
                serverCaPem,
                source);
    }

    /** Any endpoint, with the SDK's default credentials (or {@code profile}'s). */
    public static Target endpoint(
            URI endpoint,
            @Nullable String region,
            @Nullable String profile,
            @Nullable Integer mqttPort,
            @Nullable String serverCaPem) {
        return new Target(
                Kind.ENDPOINT,
                endpoint,
                region == null ? "us-east-1" : region,
                profile,
                null,
                null,
                mqttPort,
                serverCaPem,
                endpoint.toString());
    }

    /** Real AWS IoT Core in {@code region} (null: the SDK's region chain), with the default credential chain. */
    public static Target aws(@Nullable String region, @Nullable String profile) {
        return new Target(Kind.AWS, null, region, profile, null, null, null, null, "AWS IoT Core");
    }

    /** The AWS SDK for Java v2 client for this target: the same client, whatever the target. */
    public IotClient iotClient() {
        IotClientBuilder builder = IotClient.builder();
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        if (region != null) {
            builder.region(Region.of(region));
        }
        builder.credentialsProvider(credentials());
        if (profile != null) {
            builder.overrideConfiguration(o -> o.defaultProfileName(profile));
        }
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        if (endpointOverride != null && "https".equals(endpointOverride.getScheme()) && serverCaPem != null) {
            // A gateway serving its API over HTTPS uses the certificate of its own server CA, which is not in the
            // JDK's trust store; trust exactly that CA (what AWS_CA_BUNDLE does for the AWS CLI).
            TrustManager[] trust = trustManagers(serverCaPem);
            http.tlsTrustManagersProvider(() -> trust);
        }
        return builder.httpClient(http.build()).build();
    }

    private AwsCredentialsProvider credentials() {
        if (accessKeyId != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        }
        if (profile != null) {
            return ProfileCredentialsProvider.create(profile);
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static TrustManager[] trustManagers(String pem) {
        try {
            List<X509Certificate> certificates = Pem.readCertificates(pem);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("server-ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (PkiException e) {
            throw new DicException("the server CA of " + "the gateway is unreadable: " + e.getMessage(), e);
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new DicException("cannot trust the gateway's server CA: " + e.getMessage(), e);
        }
    }

    /** A one-line description for progress output, e.g. "thingcore at http://127.0.0.1:4566". */
    public String describe() {
        return switch (kind) {
            case GATEWAY -> "thingcore at " + endpointOverride + " (" + source + ")";
            case ENDPOINT -> "endpoint " + endpointOverride;
            case AWS ->
                "AWS IoT Core" + (region == null ? "" : " in " + region)
                        + (profile == null ? "" : " (profile " + profile + ")");
        };
    }
}
