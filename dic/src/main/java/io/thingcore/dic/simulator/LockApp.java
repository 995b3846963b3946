package io.thingcore.dic.simulator;

import java.util.List;

/**
 * The lock app: the DoorLock LockState attribute, published as {@code lock/state} {@code lock} when locked and
 * {@code unlock} for any other state (project-chip/connectedhomeip {@code examples/lock-app/silabs/src/ZclCallbacks.cpp}
 * @0f342e01 :56; the same in "Matter + AWS"). Note that there the callback sits inside {@code #ifndef NDEBUG}: a
 * release build publishes nothing; the simulator behaves as the debug build.
 *
 * <p>{@code lock} and {@code unlock} call {@code DoorLockServer::SetLockState(1, kLocked|kUnlocked, kUnspecified)}
 * ({@code dic_control.cpp} @0bfbaa93): the attribute only, no bolt, no PIN. The same value twice publishes once
 * (attribute-table.cpp @d624777f, see {@link OnOffApp}).
 */
final class LockApp implements DicApp {
    static final String TOPIC = "lock/state";

    private final DeviceIo io;
    private boolean locked = true;

    LockApp(DeviceIo io) {
        this.io = io;
    }

    @Override
    public String name() {
        return "lock";
    }

    @Override
    public List<Cluster> clusters() {
        return List.of(Cluster.DOOR_LOCK);
    }

    boolean isLocked() {
        return locked;
    }

    @Override
    public void command(Cluster cluster, String command, int value) {
        boolean wanted = command.equals("lock");
        if (wanted == locked) {
            io.log(command + ": LockState is already " + text(locked) + "ed; unchanged, nothing published");
            return;
        }
        locked = wanted;
        io.log(command + ": LockState " + text(!locked) + "ed -> " + text(locked) + "ed");
        io.publish(new StateMessage(TOPIC, text(locked)));
    }

    @Override
    public void local(Cluster cluster, String command, int value) {
        command(cluster, command, value);
    }

    private static String text(boolean locked) {
        return locked ? "lock" : "unlock";
    }
}
