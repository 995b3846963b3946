package io.thingcore.server;

import io.thingcore.broker.MqttBroker;
import io.thingcore.registry.Account;
import io.thingcore.streams.control.Streams;
import io.thingcore.streams.delivery.BlockCache;
import io.thingcore.streams.delivery.StreamDeliveryService;
import io.thingcore.streams.files.GatewayFiles;
import io.thingcore.streams.files.LocalFileStore;
import io.thingcore.streams.files.S3FileSource;
import io.thingcore.streams.store.JdbcStreamStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * MQTT-based file delivery in a gateway: where stream files come from (the gateway's own store under the data
 * directory, and the S3-compatible store of {@code --s3-endpoint}), the stream operations, and the {@code streams}
 * family on the broker's reserved-topic SPI. Runs once, on the starting thread, before the broker starts.
 */
public final class StreamsWiring {
    private static final Logger log = LoggerFactory.getLogger(StreamsWiring.class);

    /** The gateway's own file store, under the data directory. */
    static final String FILES_DIRECTORY = "files";

    /**
     * Stream file bytes kept in memory for every device fetching blocks: a thousand devices updating from one image
     * read it once (64 MiB holds a DIC application image many times over).
     */
    static final long BLOCK_CACHE_BYTES = 64L * 1024 * 1024;

    private StreamsWiring() {}

    /**
     * The gateway's own file store in {@code dataDir} (bucket {@value GatewayFiles#OWN_BUCKET}), which
     * {@code thingcore files put} fills beside a running gateway: each put is atomic and a stream reads the version it
     * pinned, so a put never changes what devices already receive.
     */
    public static LocalFileStore ownFiles(Path dataDir) {
        return new LocalFileStore(dataDir.toAbsolutePath().normalize().resolve(FILES_DIRECTORY));
    }

    /** Builds the stream operations and registers the device side on {@code broker}; adds what to close to running. */
    static Streams start(
            GatewayConfig config,
            Path dataDir,
            Account account,
            JdbcStreamStore store,
            MqttBroker broker,
            List<AutoCloseable> running,
            Clock clock) {
        LocalFileStore own = ownFiles(dataDir);
        S3FileSource s3 = null;
        if (config.s3Endpoint() != null) {
            String region = config.s3Region() != null ? config.s3Region() : account.region();
            // The AWS SDK's default chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws, ...
            s3 = S3FileSource.connect(
                    config.s3Endpoint(),
                    region,
                    DefaultCredentialsProvider.builder().build());
            running.add(s3);
            log.info(
                    "stream files: bucket {} in the data directory, other buckets at {}",
                    GatewayFiles.OWN_BUCKET,
                    config.s3Endpoint());
        }
        GatewayFiles files = new GatewayFiles(own, s3);
        Streams streams = new Streams(store, files, clock);
        BlockCache blocks = new BlockCache(files, BlockCache.DEFAULT_SEGMENT_SIZE, BLOCK_CACHE_BYTES);
        broker.register(new StreamDeliveryService(streamId -> streams.find(account, streamId), blocks));
        return streams;
    }
}
