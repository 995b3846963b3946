package io.thingcore.dic.simulator;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * What an app can do to the outside world: publish an attribute change, log, and run a step later (the window
 * covering's motion timer). The device implements it on its event loop; tests implement it by hand.
 */
public interface DeviceIo {
    /** Publishes at QoS 0, retain 0 ({@code dic_sendmsg}); lost when not connected, as on the board. */
    void publish(StateMessage message);

    void log(String line);

    /** Runs {@code task} after {@code delay} on the device's thread; cancel the future to stop it. */
    Future<?> schedule(Runnable task, Duration delay);
}
