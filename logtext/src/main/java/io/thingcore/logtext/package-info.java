/**
 * The one escaper for values that come from a client or a request (client IDs, topics, topic filters, SNI names,
 * certificate fields, HTTP paths and headers, resource names, console input) on their way into a log line. Pure
 * computation without state: it runs on the caller's thread, event loops included.
 */
@NullMarked
package io.thingcore.logtext;

import org.jspecify.annotations.NullMarked;
