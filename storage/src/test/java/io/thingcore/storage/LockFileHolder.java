package io.thingcore.storage;

import java.nio.file.Path;

/** A separate process for {@link LockFileTest}: takes the lock named by its argument, says so, and waits to be killed. */
public final class LockFileHolder {
    private LockFileHolder() {}

    public static void main(String[] args) throws InterruptedException {
        LockFile.Attempt attempt = LockFile.tryAcquire(Path.of(args[0]));
        System.out.println(attempt instanceof LockFile.Acquired ? "locked" : "refused");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
