/**
 * JMH benchmarks of AWS IoT Jobs on the device side: round trips through the jobs MQTT service and its store on an
 * SQLite file, as the broker's service executor runs them (JMH's threads stand in for its worker threads).
 */
@NullMarked
package io.thingcore.bench.jobs;

import org.jspecify.annotations.NullMarked;
