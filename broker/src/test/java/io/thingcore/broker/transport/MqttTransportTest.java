package io.thingcore.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class MqttTransportTest {
    /**
     * The broker ships Netty's epoll library for Linux x86_64: there, a fallback to NIO would cost every message more
     * CPU and show only in the start-up line, so the build fails instead.
     */
    @Test
    void onLinuxX8664_theBrokerRunsOnEpoll() {
        boolean linuxX8664 =
                System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                        && System.getProperty("os.arch").matches("amd64|x86_64");
        assumeTrue(linuxX8664, "epoll is bundled for Linux x86_64 only; here the broker uses NIO");
        assertThat(MqttTransport.epollUnavailableBecause()).isEmpty();
        assertThat(MqttTransport.available()).isEqualTo(MqttTransport.EPOLL);
    }
}
