/**
 * The JIT compilers' share of the CPU: the gateway lowers the scheduling priority (raises the nice value) of
 * HotSpot's optimizing compiler threads, so that on a machine with few cores a cold gateway's event loops are not
 * halved by C2 while a fleet reconnects (issue 14). The quick compiler (C1) keeps the normal priority: the event loops
 * run its code until C2's arrives, and starving it too made the cold connect storm slower, not faster.
 *
 * <p>Linux only (the threads are found under {@code /proc/self/task}, the nice value is set with setpriority(2)
 * through the Foreign Function and Memory API of JDK 22 and later); elsewhere, or on JDK 21, it says so once and does
 * nothing. Runs on the thread that starts the gateway, then on one virtual thread that looks again every
 * {@link io.thingcore.server.jit.OptimizingCompilerPriority#RESCAN} for compiler threads HotSpot has added since.
 */
@NullMarked
package io.thingcore.server.jit;

import org.jspecify.annotations.NullMarked;
