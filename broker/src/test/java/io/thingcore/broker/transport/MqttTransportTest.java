package io.thingcore.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.thingcore.testkit.net.NativeTransport;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MqttTransportTest {
    /**
     * The broker ships Netty's epoll library for Linux x86_64: there, a fallback to NIO would cost every message more
     * CPU and show only in the start-up line, so the build fails instead.
     */
    @Test
    void onLinuxX8664_epollLoads() {
        NativeTransport.assumeEpollBundled("the broker");
        assertThat(MqttTransport.EPOLL.unavailableBecause()).isEmpty();
    }

    /**
     * The io_uring library ships beside epoll's; only the kernel may refuse it (older than 5.9,
     * {@code kernel.io_uring_disabled}, a seccomp profile). CI runs on the benchmark's machine kind, whose kernel
     * allows it: there a refusal fails the build, elsewhere the test says why it skips.
     */
    @Test
    void onLinuxX8664_theBrokerRunsOnIoUringWhereTheKernelAllowsIt() {
        NativeTransport.assumeEpollBundled("the broker");
        Optional<String> refused = MqttTransport.IO_URING.unavailableBecause();
        assertThat(refused.orElse("")).doesNotContain("UnsatisfiedLinkError").doesNotContain("ClassNotFound");
        if (System.getenv("CI") == null) {
            assumeTrue(
                    refused.isEmpty(),
                    () -> "this kernel refuses io_uring (" + refused.orElseThrow() + "); the broker uses epoll");
        }
        assertThat(refused).isEmpty();
        assertThat(MqttTransport.best()).isEqualTo(MqttTransport.IO_URING);
    }

    @Test
    void anOperatorNamesATransportInAnyCase_autoMeansTheBest() {
        assertThat(MqttTransport.parse("auto")).isNull();
        assertThat(MqttTransport.parse("io_uring")).isEqualTo(MqttTransport.IO_URING);
        assertThat(MqttTransport.parse(" EPOLL ")).isEqualTo(MqttTransport.EPOLL);
        assertThat(MqttTransport.parse("nio")).isEqualTo(MqttTransport.NIO);
    }

    @Test
    void anUnknownTransportIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> MqttTransport.parse("kqueue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown MQTT transport 'kqueue': expected auto, io_uring, epoll or nio");
    }

    /** A kernel that refuses io_uring, as a container's seccomp profile does. */
    static Optional<String> ioUringRefused(MqttTransport transport) {
        return transport == MqttTransport.IO_URING
                ? Optional.of("RuntimeException: failed to create io_uring ring fd: Operation not permitted")
                : Optional.empty();
    }

    @Test
    void auto_fallsBackToEpollWhereIoUringIsRefused_andTheStartUpLineSaysWhy() {
        MqttTransport chosen = MqttTransport.choose(null, MqttTransportTest::ioUringRefused);
        assertThat(chosen).isEqualTo(MqttTransport.EPOLL);
        assertThat(chosen.fallbackReasons(MqttTransportTest::ioUringRefused))
                .isEqualTo("; io_uring unavailable: RuntimeException: failed to create io_uring ring fd"
                        + ": Operation not permitted");
    }

    @Test
    void aNamedTransportThatDoesNotLoadStopsTheStart_namingTheOptionAndTheReason() {
        assertThatThrownBy(() -> MqttTransport.choose(MqttTransport.IO_URING, MqttTransportTest::ioUringRefused))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("--mqtt-transport io_uring does not load here: RuntimeException: failed to create"
                        + " io_uring ring fd: Operation not permitted");
        assertThat(MqttTransport.choose(MqttTransport.NIO, MqttTransportTest::ioUringRefused))
                .isEqualTo(MqttTransport.NIO);
    }

    @Test
    void theFastestTransportHasNoFallbackToExplain() {
        assertThat(MqttTransport.IO_URING.fallbackReasons(MqttTransportTest::ioUringRefused))
                .isEmpty();
    }

    @Test
    void nioAlwaysLoads() {
        assertThat(MqttTransport.NIO.unavailableBecause()).isEmpty();
    }
}
