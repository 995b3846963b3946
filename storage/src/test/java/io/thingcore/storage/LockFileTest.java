package io.thingcore.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFileTest {
    @TempDir
    Path directory;

    @Test
    void aSecondHolderInThisJvmIsRefusedWithThisPidUntilTheFirstCloses() throws Exception {
        Path file = directory.resolve("gateway.lock");
        LockFile first = acquired(LockFile.tryAcquire(file));
        long pid = ProcessHandle.current().pid();

        LockFile.Attempt second = LockFile.tryAcquire(directory.resolve("./gateway.lock"));
        assertThat(second).isInstanceOf(LockFile.Held.class);
        assertThat(((LockFile.Held) second).holder()).isEqualTo("pid " + pid);
        Path link = Files.createSymbolicLink(directory.resolve("link"), directory);
        assertThat(LockFile.tryAcquire(link.resolve("gateway.lock"))).isEqualTo(second);

        first.close();
        first.close(); // idempotent
        // Read only now: opening and closing the file while this JVM holds it would drop the POSIX lock.
        assertThat(Files.readString(file)).isEqualTo(pid + "\n");
        acquired(LockFile.tryAcquire(file)).close();
    }

    @Test
    void anotherProcessIsNamedByItsPidAndItsDeathFreesTheLock() throws Exception {
        Path file = directory.resolve("gateway.lock");
        Files.writeString(file, "999999\n"); // left behind by a process that was killed: overwritten
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockFileHolder.class.getName(),
                        file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(out.readLine()).isEqualTo("locked");

            LockFile.Attempt refused = LockFile.tryAcquire(file);
            assertThat(refused).isEqualTo(new LockFile.Held(OptionalLong.of(holder.pid())));
            assertThat(((LockFile.Held) refused).holder()).isEqualTo("pid " + holder.pid());
        } finally {
            holder.destroyForcibly(); // SIGKILL: no clean-up code runs in the holder
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        acquired(LockFile.tryAcquire(file)).close();
        assertThat(Files.readString(file)).isEqualTo(ProcessHandle.current().pid() + "\n");
    }

    private static LockFile acquired(LockFile.Attempt attempt) {
        assertThat(attempt).isInstanceOf(LockFile.Acquired.class);
        return ((LockFile.Acquired) attempt).lock();
    }
}
