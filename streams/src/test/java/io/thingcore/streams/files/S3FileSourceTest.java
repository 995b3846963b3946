package io.thingcore.streams.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import io.thingcore.streams.model.S3Location;
import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * {@link S3FileSource} against a real S3-compatible server: moto's standalone server ({@code python3 -m moto.server}),
 * started on loopback for this class. Without Python's moto the tests are skipped, except in CI (env {@code CI}
 * set), where they fail.
 */
class S3FileSourceTest {
    static Process moto;
    static URI endpoint;
    static S3FileSource source;
    static S3Client admin;

    @BeforeAll
    static void startMoto() throws Exception {
        boolean available = new ProcessBuilder("python3", "-c", "import moto.server")
                        .redirectErrorStream(true)
                        .start()
                        .waitFor()
                == 0;
        ExternalTools.require(available, "python3 with moto (python3 -m moto.server)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        moto = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!listening(port)) {
            if (System.nanoTime() > deadline || !moto.isAlive()) {
                fail("moto server did not start on port " + port);
            }
            Thread.sleep(100);
        }
        endpoint = URI.create("http://127.0.0.1:" + port);
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        source = S3FileSource.connect(endpoint, "us-east-1", credentials);
        admin = S3Client.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .endpointOverride(endpoint)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .build();
        admin.createBucket(b -> b.bucket("plain"));
        admin.createBucket(b -> b.bucket("versioned"));
        admin.putBucketVersioning(
                b -> b.bucket("versioned").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }

    static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (source != null) {
            source.close();
            admin.close();
        }
        if (moto != null) {
            moto.destroy();
            if (!moto.waitFor(10, TimeUnit.SECONDS)) {
                moto.destroyForcibly();
            }
        }
    }

    static void put(String bucket, String key, String text) {
        admin.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(text, StandardCharsets.UTF_8));
    }

    @Test
    void describe_thenRangedReads_andTheSha256Check() {
        put("plain", "fw/app.gbl", "0123456789");
        S3Location location = new S3Location("plain", "fw/app.gbl", null);
        ObjectInfo info = source.describe(location);
        assertThat(info.size()).isEqualTo(10);
        assertThat(info.etag()).isNotEmpty();
        assertThat(source.read(location, info, 2, 3)).isEqualTo("234".getBytes(StandardCharsets.UTF_8));
        assertThat(source.read(location, info, 8, 100)).isEqualTo("89".getBytes(StandardCharsets.UTF_8));
        assertThat(FileChecks.digest(source, location, info)
                        .matches(10, "84d89877f0d4041efb6bf91a16f0248f2fd573e6af05c19f96bedb9f882f7882"))
                .isTrue();
    }

    @Test
    void overwrittenObject_inAnUnversionedBucket_changed() {
        put("plain", "moving", "first");
        S3Location location = new S3Location("plain", "moving", null);
        ObjectInfo pinned = source.describe(location);
        put("plain", "moving", "second!");
        assertThatThrownBy(() -> source.read(location, pinned, 0, 5))
                .isInstanceOfSatisfying(
                        FileSourceException.class,
                        e -> assertThat(e.reason()).isEqualTo(FileSourceException.Reason.CHANGED));
    }

    @Test
    void versionedBucket_thePinnedVersionIsServedAfterAnOverwrite() {
        put("versioned", "app", "version one");
        S3Location location = new S3Location("versioned", "app", null);
        ObjectInfo v1 = source.describe(location);
        assertThat(v1.version()).isNotEmpty();
        put("versioned", "app", "version two!");
        assertThat(source.read(location, v1, 0, 100)).isEqualTo("version one".getBytes(StandardCharsets.UTF_8));
        assertThat(source.describe(new S3Location("versioned", "app", v1.version())))
                .isEqualTo(v1);
        assertThat(source.describe(location).size()).isEqualTo(12);
    }

    @Test
    void missingObjectOrBucket_notFound() {
        for (S3Location missing : new S3Location[] {
            new S3Location("plain", "nothing-here", null), new S3Location("no-such-bucket", "k", null)
        }) {
            assertThatThrownBy(() -> source.describe(missing))
                    .isInstanceOfSatisfying(
                            FileSourceException.class,
                            e -> assertThat(e.reason()).isEqualTo(FileSourceException.Reason.NOT_FOUND));
        }
    }
}
