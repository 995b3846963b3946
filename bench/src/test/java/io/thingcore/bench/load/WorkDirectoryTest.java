package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WorkDirectoryTest {

    @Test
    void closingRemovesTheDirectoryWithTheKeysAndDataWrittenIntoIt() throws Exception {
        Path path;
        try (WorkDirectory work = WorkDirectory.create("thingcore-work-test")) {
            path = work.path();
            assertThat(path.getFileName().toString()).startsWith("thingcore-work-test");
            Path pki = Files.createDirectories(work.resolve("gateway").resolve("pki"));
            Files.writeString(pki.resolve("server.key"), "not a real key");
            Files.writeString(work.resolve("gateway").resolve("registry.db"), "rows");
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void closingAgainOrAfterTheDirectoryWentIsHarmless() {
        WorkDirectory work = WorkDirectory.create("thingcore-work-test");
        work.close();
        work.close();
        assertThat(work.path()).doesNotExist();
    }
}
