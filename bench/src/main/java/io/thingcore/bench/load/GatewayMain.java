package io.thingcore.bench.load;

import io.thingcore.broker.transport.MqttTransport;
import io.thingcore.server.Gateway;
import io.thingcore.server.GatewayConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * The gateway as {@code thingcore server --data-dir DIR --api-port 0 --mqtt-port 0 [--mqtt-transport T]} starts it
 * (arguments: the data directory, then the transport if not {@code auto}), as a main class of
 * this module so that {@link ThingcoreTarget} can start it in its own (pinned) process from the generator's class
 * path, whether that is the CLI's jar or a test's class path. Prints {@value #READY} once {@code connection.json} is
 * written; stops on SIGTERM.
 */
public final class GatewayMain {
    static final String READY = "thingcore is up";

    private GatewayMain() {}

    public static void main(String[] args) throws InterruptedException {
        Gateway gateway = Gateway.start(
                GatewayConfig.builder(Path.of(args[0]))
                        .apiPort(0)
                        .mqttPort(0)
                        .compilerNice(GatewayConfig.SERVER_COMPILER_NICE) // as `thingcore server` runs
                        .mqttTransport(args.length > 1 ? MqttTransport.parse(args[1]) : null)
                        .build(),
                Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }));
        System.out.println(READY);
        System.out.flush();
        stopped.await();
    }
}
