package io.thingcore.server.jit;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Sets one thread's nice value: setpriority(2) with {@code PRIO_PROCESS} and a thread ID. */
interface ThreadNice {
    /**
     * Compiled for JDK 22 (src/main/java22): the Foreign Function and Memory API is final there (JEP 454) and only a
     * preview in JDK 21, which this project still runs on.
     */
    String FOREIGN_IMPLEMENTATION = "io.thingcore.server.jit.ForeignThreadNice";

    /**
     * Sets thread {@code tid}'s nice value.
     *
     * @throws IOException when the kernel refuses (the thread has exited, or lowering is not permitted)
     */
    void set(int tid, int nice) throws IOException;

    /** The setpriority(2) of this JVM, or null before JDK 22 (the reason is then {@link #unavailableReason()}). */
    static @Nullable ThreadNice available() {
        if (Runtime.version().feature() < 22) {
            return null;
        }
        try {
            return Class.forName(FOREIGN_IMPLEMENTATION)
                    .asSubclass(ThreadNice.class)
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + FOREIGN_IMPLEMENTATION, e);
        }
    }

    /** Why {@link #available()} returned null. */
    static String unavailableReason() {
        return "needs JDK 22 or later (this is " + Runtime.version().feature() + ")";
    }
}
