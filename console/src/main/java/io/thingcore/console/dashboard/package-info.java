/**
 * The console's dashboard data: {@link io.thingcore.console.dashboard.DashboardHistory} keeps the last hour of
 * per-minute samples of the gateway's readings (clients connected, messages received, connections refused) and the
 * most recent lifecycle events, so the landing page can draw its charts without a metrics server. Sampled on one
 * daemon thread of its own once a minute; lifecycle events are recorded on the broker's threads (a queue append,
 * never blocking); read on API worker threads.
 */
@NullMarked
package io.thingcore.console.dashboard;

import org.jspecify.annotations.NullMarked;
