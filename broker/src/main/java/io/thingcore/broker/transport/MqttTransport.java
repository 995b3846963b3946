package io.thingcore.broker.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.Objects;
import java.util.Optional;

/**
 * The socket transport of the MQTT listener's event loops.
 *
 * <p>Epoll where it loads: Netty's native transport reads and writes through its own JNI calls on direct buffers and
 * keeps no per-wake-up set of selected keys, so a message costs fewer allocations and less CPU than through NIO's
 * {@code Selector}, which matters most at the light, steady load of a device fleet (one wake-up per message). NIO is the
 * fallback on platforms the bundled library does not cover (anything but Linux x86_64) or where it fails to load.
 */
public enum MqttTransport {
    EPOLL,
    NIO;

    /** Epoll where Netty's native library loads, else NIO. */
    public static MqttTransport available() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Why epoll is not used, when it is not. */
    public static Optional<String> epollUnavailableBecause() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null
                ? Optional.empty()
                : Optional.of(cause.getClass().getSimpleName() + ": " + Objects.toString(cause.getMessage(), ""));
    }

    public IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    public Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }
}
