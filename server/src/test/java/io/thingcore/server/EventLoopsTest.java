package io.thingcore.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.Test;

class EventLoopsTest {
    @Test
    void aDatabaseCallOnAnEventLoopFails() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Throwable onLoop = group.submit(() -> {
                        try {
                            EventLoops.notOnEventLoop("SessionStore.apply");
                            return null;
                        } catch (AssertionError e) {
                            return e;
                        }
                    })
                    .get();
            assertThat(onLoop).hasMessageContaining("SessionStore.apply blocks on JDBC and ran on event loop");
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS)
                    .syncUninterruptibly();
        }
    }

    @Test
    void aDatabaseCallOnAnyOtherThreadPasses() {
        assertThat(EventLoops.notOnEventLoop("SessionStore.apply")).isTrue();
    }
}
