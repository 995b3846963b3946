/**
 * Network faults for tests: a loopback TCP forwarder that a test cuts and restores, to make a server (PostgreSQL)
 * go away as a restart or a partition does. Its own daemon threads forward the bytes; the test's thread cuts. Also
 * where Netty's native transport is bundled ({@link io.thingcore.testkit.net.NativeTransport}), read on the test's
 * thread.
 */
@NullMarked
package io.thingcore.testkit.net;

import org.jspecify.annotations.NullMarked;
