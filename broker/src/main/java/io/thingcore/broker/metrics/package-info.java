/**
 * The broker's counters for operators ({@code /_thingcore/metrics}): connections, TLS handshakes, refusals, messages
 * in, out and dropped. Counted on the event loops and on publishers' threads with {@link java.util.concurrent.atomic.LongAdder}
 * (a striped add, no lock, no allocation once the stripes exist), read by whichever thread scrapes; a scrape sees each
 * counter at some recent moment, never a torn value.
 */
@NullMarked
package io.thingcore.broker.metrics;

import org.jspecify.annotations.NullMarked;
