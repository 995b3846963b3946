package io.thingcore.testkit.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;

/** Where Netty's native epoll library ships with thingcore, so a test may demand it rather than accept NIO. */
public final class NativeTransport {
    private NativeTransport() {}

    /** Whether this JVM runs on Linux x86_64, the one platform whose epoll library the build bundles. */
    public static boolean epollBundled() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
    }

    /** Skips the calling test, saying so, where epoll is not bundled and {@code who} runs on NIO instead. */
    public static void assumeEpollBundled(String who) {
        assumeTrue(epollBundled(), "epoll is bundled for Linux x86_64 only; here " + who + " uses NIO");
    }
}
