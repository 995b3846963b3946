package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.server.StreamsWiring;
import io.thingcore.streams.files.FileChecks;
import io.thingcore.streams.files.GatewayFiles;
import io.thingcore.streams.files.ObjectInfo;
import io.thingcore.streams.model.S3Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesCommandTest {
    @TempDir
    Path dir;

    @Test
    void put_storesTheFileAndPrintsTheS3LocationSizeAndSha256() throws Exception {
        byte[] image = new byte[300_000];
        new Random(7).nextBytes(image);
        Path file = dir.resolve("app.gbl");
        Files.write(file, image);
        Path dataDir = dir.resolve("data");

        CliRun put =
                CliRun.of("files", "put", file.toString(), "--key", "dic/app.gbl", "--data-dir", dataDir.toString());

        assertThat(put.exitCode()).as(put.stderr()).isZero();
        JsonNode out = new ObjectMapper().readTree(put.stdout());
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        assertThat(out.at("/s3Location/bucket").asText()).isEqualTo(GatewayFiles.OWN_BUCKET);
        assertThat(out.at("/s3Location/key").asText()).isEqualTo("dic/app.gbl");
        assertThat(out.at("/s3Location/version").asText()).isEqualTo(sha256);
        assertThat(out.get("size").asLong()).isEqualTo(image.length);
        assertThat(out.get("sha256").asText()).isEqualTo(sha256);

        S3Location location = new S3Location(GatewayFiles.OWN_BUCKET, "dic/app.gbl", null);
        ObjectInfo stored = StreamsWiring.ownFiles(dataDir).describe(location);
        assertThat(FileChecks.digest(StreamsWiring.ownFiles(dataDir), location, stored)
                        .matches(image.length, sha256))
                .isTrue();
    }

    @Test
    void put_ofAMissingFileFailsWithOneLine() {
        CliRun put = CliRun.of("files", "put", dir.resolve("nope.gbl").toString(), "--data-dir", dir.toString());
        assertThat(put.exitCode()).isEqualTo(1);
        assertThat(put.stderr()).contains("no such file");
    }
}
