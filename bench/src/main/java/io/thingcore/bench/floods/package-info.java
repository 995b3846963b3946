/**
 * {@code thingcore bench floods}: the gateway under abuse (issue 13, "Floods"). A legitimate client's connect and
 * publish p99 are measured on a quiet gateway, then again while one flood at a time runs: TLS handshakes left
 * unfinished, TLS sessions that never send CONNECT, subscribers that stop reading a busy topic, retained messages of
 * 100 KB to distinct topics, and connections refused at the TLS layer (each refusal is a log line). For each flood the
 * report gives the two p99 ratios (the bound is 2x), the gateway's resident memory before and after, and the bytes
 * it logged per second. The floods connect from 127.0.0.2 and the probe from 127.0.0.1, as an attacker and a device
 * are different hosts; each flood runs in a JVM of its own under {@code SCHED_IDLE} ({@link
 * io.thingcore.bench.floods.ChildFlood}, {@link io.thingcore.bench.floods.FloodProcess}), the probe on an event loop
 * of its own.
 *
 * <p>Threads: the caller's thread drives the run; the probe runs on its own Netty event loop and one scheduler
 * thread, a flood process on one event loop and one scheduler thread. Everything is bounded in time and stops by
 * itself.
 */
@NullMarked
package io.thingcore.bench.floods;

import org.jspecify.annotations.NullMarked;
