/**
 * What the API tells operators about its calls: {@link io.thingcore.api.ops.ApiCounters} (calls and errors per
 * operation, for {@code /_thingcore/metrics}) and {@link io.thingcore.api.ops.AuditLog} (one INFO line on the
 * {@code thingcore.audit} logger per control-plane write and per refused signature). Both are fed by the
 * {@link io.thingcore.api.http.Dispatcher} once per request, on the API worker thread that ran it; counters are
 * {@link java.util.concurrent.atomic.LongAdder}s, read by whichever thread scrapes.
 */
@NullMarked
package io.thingcore.api.ops;

import org.jspecify.annotations.NullMarked;
