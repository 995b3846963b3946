/**
 * JMH benchmarks of the storage core under the registry: registry writes per second with one and with several
 * writers, on SQLite and on PostgreSQL (docs/adr/0007-storage-core-namespaces-and-change-feed.md records the figures).
 * Run from {@code bench-jmh/target/benchmarks.jar}; never part of the build's tests.
 */
@NullMarked
package io.thingcore.bench.storage;

import org.jspecify.annotations.NullMarked;
