package io.thingcore.broker.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The socket transport of the MQTT listener's event loops, fastest first.
 *
 * <p>io_uring where the kernel offers it (docs/adr/0021-io-uring-transport.md): a loop hands the kernel every read and
 * write of a wake-up in one submission, where epoll costs a system call per ready socket and per flush; with many
 * publishers each sending one message per wake-up (fan-in), those calls are most of the socket work. Epoll where
 * io_uring is refused (kernels before 5.9, containers whose seccomp profile forbids {@code io_uring_setup}):
 * Netty's JNI transport still reads and writes without NIO's {@code Selector}, its set of selected keys and their
 * allocations (docs/adr/0019-native-epoll-transport.md). NIO is the fallback on platforms the bundled libraries do
 * not cover (anything but Linux x86_64) or where they fail to load.
 */
public enum MqttTransport {
    IO_URING,
    EPOLL,
    NIO;

    /** The first of io_uring, epoll and NIO that loads here. */
    public static MqttTransport best() {
        return choose(null, MqttTransport::unavailableBecause);
    }

    /**
     * The transport the operator named, or the best that loads when {@code named} is null ({@code auto}).
     *
     * @throws IllegalStateException when the named one does not load here, with the reason (fails closed: a gateway
     *     sized for io_uring does not quietly start on a slower transport)
     */
    public static MqttTransport choose(@Nullable MqttTransport named) {
        return choose(named, MqttTransport::unavailableBecause);
    }

    static MqttTransport choose(
            @Nullable MqttTransport named, Function<MqttTransport, Optional<String>> unavailableBecause) {
        if (named != null) {
            unavailableBecause.apply(named).ifPresent(reason -> {
                throw new IllegalStateException(
                        "--mqtt-transport " + named.optionValue() + " does not load here: " + reason);
            });
            return named;
        }
        for (MqttTransport transport : values()) {
            if (unavailableBecause.apply(transport).isEmpty()) {
                return transport;
            }
        }
        throw new AssertionError("NIO is always available");
    }

    /** Why each transport faster than this one did not load, as the start-up line's tail ("" when all did). */
    public String fallbackReasons() {
        return fallbackReasons(MqttTransport::unavailableBecause);
    }

    String fallbackReasons(Function<MqttTransport, Optional<String>> unavailableBecause) {
        StringBuilder reasons = new StringBuilder();
        for (MqttTransport faster : values()) {
            if (faster == this) {
                break;
            }
            unavailableBecause
                    .apply(faster)
                    .ifPresent(reason -> reasons.append("; ")
                            .append(faster.optionValue())
                            .append(" unavailable: ")
                            .append(reason));
        }
        return reasons.toString();
    }

    /**
     * The transport an operator named ({@code --mqtt-transport}): {@code io_uring}, {@code epoll} or {@code nio},
     * any case; {@code null} for {@code auto}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static @Nullable MqttTransport parse(String name) {
        String normal = name.trim().toLowerCase(Locale.ROOT);
        if (normal.equals("auto")) {
            return null;
        }
        for (MqttTransport transport : values()) {
            if (transport.optionValue().equals(normal)) {
                return transport;
            }
        }
        throw new IllegalArgumentException(
                "unknown MQTT transport '" + name + "': expected auto, io_uring, epoll or nio");
    }

    /** The name {@code --mqtt-transport} and the start-up line use. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Why this transport does not load here, when it does not. */
    public Optional<String> unavailableBecause() {
        Throwable cause = switch (this) {
            case IO_URING -> IoUring.unavailabilityCause();
            case EPOLL -> Epoll.unavailabilityCause();
            case NIO -> null;
        };
        return cause == null
                ? Optional.empty()
                : Optional.of(cause.getClass().getSimpleName() + ": " + Objects.toString(cause.getMessage(), ""));
    }

    public IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    public Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }
}
