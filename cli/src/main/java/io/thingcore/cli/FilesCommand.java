package io.thingcore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.server.StreamsWiring;
import io.thingcore.streams.files.GatewayFiles;
import io.thingcore.streams.files.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code thingcore files}: the gateway's own file store, for users without an S3-compatible store
 * (docs/adr/0011-gateway-file-store.md).
 */
@Command(
        name = "files",
        mixinStandardHelpOptions = true,
        description = "The gateway's own file store (bucket " + GatewayFiles.OWN_BUCKET + "), read by streams.",
        subcommands = {FilesCommand.Put.class})
public final class FilesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(
            name = "put",
            mixinStandardHelpOptions = true,
            description = {
                "Store FILE in the gateway's data directory (the gateway may be running) and print the s3Location",
                "that CreateStream and CreateOTAUpdate refer to it by, with its size and SHA-256."
            })
    static final class Put implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The file to store, e.g. app.gbl.")
        Path file;

        @Option(names = "--key", paramLabel = "KEY", description = "The object key (default: the file's name).")
        @Nullable
        String key;

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description = "The gateway's data directory (default: ${DEFAULT-VALUE}).",
                defaultValue = "${sys:user.home}/.thingcore")
        Path dataDir;

        @Override
        public Integer call() {
            String objectKey = key != null ? key : String.valueOf(file.getFileName());
            ObjectInfo stored;
            try (InputStream in = Files.newInputStream(file)) {
                stored = StreamsWiring.ownFiles(dataDir).put(GatewayFiles.OWN_BUCKET, objectKey, in);
            } catch (NoSuchFileException e) {
                System.err.println("thingcore: no such file: " + file);
                return 1;
            } catch (IOException | RuntimeException e) {
                System.err.println("thingcore: cannot store " + file + ": " + e.getMessage());
                return 1;
            }
            ObjectNode out = new ObjectMapper().createObjectNode();
            ObjectNode location = out.putObject("s3Location");
            location.put("bucket", GatewayFiles.OWN_BUCKET);
            location.put("key", objectKey);
            location.put("version", stored.version());
            out.put("size", stored.size());
            out.put("sha256", stored.version());
            System.out.println(out.toPrettyString());
            return 0;
        }
    }
}
