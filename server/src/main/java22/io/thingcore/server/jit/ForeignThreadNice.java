package io.thingcore.server.jit;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * setpriority(2) from the C library, called through the Foreign Function and Memory API (JEP 454, JDK 22). On Linux the
 * nice value is an attribute of each thread, and {@code PRIO_PROCESS} with a thread ID sets that thread's alone
 * (setpriority(2), NOTES). The gateway's jar allows native access ({@code Enable-Native-Access: ALL-UNNAMED}).
 */
final class ForeignThreadNice implements ThreadNice {
    /** {@code PRIO_PROCESS} from {@code <sys/resource.h>}. */
    private static final int PRIO_PROCESS = 0;

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private final MethodHandle setpriority;

    @SuppressWarnings("restricted") // a downcall: the signature below is setpriority's, int (int, id_t, int)
    ForeignThreadNice() {
        Linker linker = Linker.nativeLinker();
        MemorySegment function = linker.defaultLookup()
                .find("setpriority")
                .orElseThrow(() -> new IllegalStateException("the C library has no setpriority"));
        setpriority = linker.downcallHandle(
                function,
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                Linker.Option.captureCallState("errno"));
    }

    @Override
    public void set(int tid, int nice) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int result = (int) setpriority.invokeExact(state, PRIO_PROCESS, tid, nice);
            if (result != 0) {
                throw new IOException(
                        "setpriority(PRIO_PROCESS, " + tid + ", " + nice + "): errno " + (int) ERRNO.get(state, 0L));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("setpriority downcall", e);
        }
    }
}
