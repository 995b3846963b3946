package io.thingcore.dic.simulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * The window-covering app: lift and tilt positions in Percent100ths (0 open .. 10000 closed).
 *
 * <p>What publishes: only the app's motion. {@code WindowManager::Cover::CallbackPositionSet} publishes
 * {@code lift/position set} or {@code tilt/position set} (with the space) with the new position at every step
 * (project-chip/connectedhomeip {@code examples/window-app/silabs/src/WindowManager.cpp} @02ebc69a). A move starts when
 * the Target position changes ({@code DispatchEventAttributeChange}, as a Matter controller's GoToLiftPercentage or the
 * board's buttons do): every {@link #STEP_PERIOD} ({@code COVER_LIFT_TILT_TIMEOUT} 500 ms, {@code AppConfig.h}) the
 * position moves {@link #DELTA} ({@code LIFT_DELTA}/{@code TILT_DELTA} 1000, 10 %) toward the target, clamped to 0 and
 * 10000 ({@code ComputePercent100thsStep}, {@code window-covering-server.cpp}); once the target is reached or crossed,
 * the position is set to the target. So 0 to 2500 publishes 1000, 2000, 3000, 2500; a move has at most 11 steps.
 *
 * <p>A cloud {@code Lift/<n>} or {@code Tilt/<n>} does not move: it calls the server's {@code LiftPositionSet} /
 * {@code TiltPositionSet} ({@code dic_control.cpp} @0bfbaa93), which writes the Current position directly, and a
 * Current-position change only updates the LED and LCD. The cloud command therefore changes the position and
 * publishes nothing. The value is cast to {@code NPercent100ths} (16 bits unsigned) without a range check.
 *
 * <p>A local {@code Lift/<n>} (stdin) is a Matter controller's GoToLiftPercentage: refused outside 0..10000
 * ({@code IsPercent100thsValid}, ConstraintError), otherwise it sets the target and the move begins.
 */
final class WindowCoveringApp implements DicApp {
    static final String LIFT_TOPIC = "lift/position set";
    static final String TILT_TOPIC = "tilt/position set";
    static final Duration STEP_PERIOD = Duration.ofMillis(500);
    static final int DELTA = 1000;
    static final int OPEN = 0;
    static final int CLOSED = 10000;

    private final DeviceIo io;
    private final Duration stepPeriod;
    private final Axis lift;
    private final Axis tilt;

    WindowCoveringApp(DeviceIo io, Duration stepPeriod) {
        this.io = io;
        this.stepPeriod = stepPeriod;
        this.lift = new Axis("Lift", LIFT_TOPIC);
        this.tilt = new Axis("Tilt", TILT_TOPIC);
    }

    @Override
    public String name() {
        return "window-covering";
    }

    @Override
    public List<Cluster> clusters() {
        return List.of(Cluster.WINDOW_COVERING);
    }

    int liftPosition() {
        return lift.current;
    }

    int tiltPosition() {
        return tilt.current;
    }

    @Override
    public void command(Cluster cluster, String command, int value) {
        Axis axis = command.equals("Lift") ? lift : tilt;
        int position = value & 0xFFFF;
        if (position == axis.current) {
            io.log(command + "/" + value + ": Current" + axis.name + "Percent100ths is already " + position
                    + "; unchanged");
            return;
        }
        io.log(command + "/" + value + ": " + axis.name + "PositionSet(" + position + "): the position jumps from "
                + axis.current + "; the window app publishes only while it moves, so nothing is published");
        axis.current = position;
    }

    @Override
    public void local(Cluster cluster, String command, int value) {
        Axis axis = command.equals("Lift") ? lift : tilt;
        if (value < OPEN || value > CLOSED) {
            io.log(command + "/" + value + ": GoTo" + axis.name + "Percentage refused (ConstraintError: 0..10000)");
            return;
        }
        if (value == axis.target) {
            io.log(command + "/" + value + ": Target" + axis.name + "Percent100ths is already " + value
                    + "; unchanged, no move");
            return;
        }
        io.log(command + "/" + value + ": moving " + axis.name.toLowerCase(java.util.Locale.ROOT) + " from "
                + axis.current + " to " + value);
        axis.target = value;
        axis.update(true);
    }

    private enum Motion {
        STALL,
        DOWN_OR_CLOSE,
        UP_OR_OPEN
    }

    /** One of the two motions, as {@code LiftUpdate} / {@code TiltUpdate} run it. */
    private final class Axis {
        final String name;
        final String topic;
        int current;
        int target;
        Motion motion = Motion.STALL;

        @Nullable
        Future<?> timer;

        Axis(String name, String topic) {
            this.name = name;
            this.topic = topic;
        }

        void update(boolean newTarget) {
            Motion direction = direction(target, current);
            if (newTarget) {
                if (timer != null) {
                    timer.cancel(false); // cancel the previous motion
                }
                motion = direction;
            }
            if (motion == direction) {
                set(step(motion, current));
            } else {
                set(target); // reached or crossed: end exactly on the target
                motion = Motion.STALL;
            }
            timer = motion == Motion.STALL ? null : io.schedule(() -> update(false), stepPeriod);
        }

        private void set(int position) {
            current = position;
            io.publish(new StateMessage(topic, Integer.toString(position)));
        }
    }

    /** {@code ComputeOperationalState}. */
    private static Motion direction(int target, int current) {
        if (current == target) {
            return Motion.STALL;
        }
        return current < target ? Motion.DOWN_OR_CLOSE : Motion.UP_OR_OPEN;
    }

    /** {@code ComputePercent100thsStep}. */
    private static int step(Motion motion, int previous) {
        int next = switch (motion) {
            case DOWN_OR_CLOSE -> previous < CLOSED - DELTA ? previous + DELTA : CLOSED;
            case UP_OR_OPEN -> previous > OPEN + DELTA ? previous - DELTA : OPEN;
            case STALL -> previous;
        };
        return Math.min(next, CLOSED);
    }
}
