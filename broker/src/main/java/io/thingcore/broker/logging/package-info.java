/**
 * Log lines whose number a client controls, paced: {@link io.thingcore.broker.logging.PacedLog} lets the first lines of
 * each kind through and replaces the rest with one summary per interval, so that a flood of refused or closed
 * connections cannot fill the disk or bury the lines an operator needs. Called from event loops and the TLS handshake;
 * never blocks beyond a short monitor per kind.
 */
@NullMarked
package io.thingcore.broker.logging;

import org.jspecify.annotations.NullMarked;
