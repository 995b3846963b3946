package io.thingcore.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.testkit.net.NativeTransport;
import org.junit.jupiter.api.Test;

class MqttTransportTest {
    /**
     * The broker ships Netty's epoll library for Linux x86_64: there, a fallback to NIO would cost every message more
     * CPU and show only in the start-up line, so the build fails instead.
     */
    @Test
    void onLinuxX8664_theBrokerRunsOnEpoll() {
        NativeTransport.assumeEpollBundled("the broker");
        assertThat(MqttTransport.epollUnavailableBecause()).isEmpty();
        assertThat(MqttTransport.available()).isEqualTo(MqttTransport.EPOLL);
    }
}
