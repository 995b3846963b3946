package io.thingcore.streams.files;

import io.thingcore.streams.model.S3Location;
import java.io.InputStream;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Stream files in any S3-compatible store (AWS S3, MinIO, Ceph, moto), through the AWS SDK for Java v2 {@code S3Client}.
 *
 * <p>{@link #describe} is a {@code HeadObject} (Amazon S3 API Reference); the stream pins the version ID and entity
 * tag it returns. {@link #read} is a ranged {@code GetObject} ({@code Range: bytes=a-b}) of that version with
 * {@code If-Match: <etag>}: an object overwritten since (in an unversioned bucket) answers 412, which becomes
 * {@link FileSourceException.Reason#CHANGED}, AWS's {@code ETagMismatch} on the device side ("Using AWS IoT
 * MQTT-based file delivery in devices", error codes).
 *
 * <p>Compatibility: path-style addressing ({@code http://host/bucket/key}), since most self-hosted stores have no
 * wildcard DNS; request checksums only where S3 requires them, since older S3-compatible servers reject the SDK's
 * default trailing checksums.
 */
public final class S3FileSource implements StreamFileSource, AutoCloseable {
    private final S3Client s3;

    public S3FileSource(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * A client for {@code endpoint} (null: AWS S3 itself) in {@code region}, with {@code credentials}, path-style.
     */
    public static S3FileSource connect(@Nullable URI endpoint, String region, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return new S3FileSource(builder.build());
    }

    @Override
    public ObjectInfo describe(S3Location location) {
        HeadObjectRequest.Builder request =
                HeadObjectRequest.builder().bucket(location.bucket()).key(location.key());
        if (location.version() != null && !location.version().isEmpty()) {
            request.versionId(location.version());
        }
        try {
            HeadObjectResponse head = s3.headObject(request.build());
            String version = head.versionId() == null ? "" : head.versionId();
            return new ObjectInfo(head.contentLength(), version, head.eTag());
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    @Override
    public byte[] read(S3Location location, ObjectInfo pinned, long offset, int length) {
        if (length == 0 || offset >= pinned.size()) {
            return new byte[0];
        }
        long last = Math.min(offset + length, pinned.size()) - 1;
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(
                    get(location, pinned).range("bytes=" + offset + "-" + last).build());
            return bytes.asByteArrayUnsafe();
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    @Override
    public InputStream open(S3Location location, ObjectInfo pinned) {
        try {
            return s3.getObject(get(location, pinned).build());
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    private static GetObjectRequest.Builder get(S3Location location, ObjectInfo pinned) {
        GetObjectRequest.Builder request =
                GetObjectRequest.builder().bucket(location.bucket()).key(location.key());
        if (!pinned.version().isEmpty()) {
            request.versionId(pinned.version());
        }
        if (pinned.etag() != null && !pinned.etag().isEmpty()) {
            request.ifMatch(pinned.etag());
        }
        return request;
    }

    private static FileSourceException translate(SdkException e) {
        if (e instanceof S3Exception s3e) {
            int status = s3e.statusCode();
            String code =
                    s3e.awsErrorDetails() == null ? "" : s3e.awsErrorDetails().errorCode();
            if (status == 404) {
                return new FileSourceException(FileSourceException.Reason.NOT_FOUND, "S3: " + code, e);
            }
            if (status == 403) {
                return new FileSourceException(FileSourceException.Reason.ACCESS_DENIED, "S3: " + code, e);
            }
            if (status == 412) {
                return new FileSourceException(FileSourceException.Reason.CHANGED, "S3: the object changed", e);
            }
            return new FileSourceException(FileSourceException.Reason.FAILED, "S3: HTTP " + status + " " + code, e);
        }
        return new FileSourceException(FileSourceException.Reason.FAILED, "S3: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        s3.close();
    }
}
