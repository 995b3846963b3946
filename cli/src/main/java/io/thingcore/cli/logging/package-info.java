/**
 * Where the gateway's log goes and in which shape: {@code --log-file} (a size-rotated file beside stderr) and
 * {@code --log-format text|json} (one JSON object per line, for log shippers). Configured once on the main thread
 * before the gateway starts; lines are then written by logback's asynchronous appenders, so that no event loop ever
 * waits on a disk or a pipe.
 */
@NullMarked
package io.thingcore.cli.logging;

import org.jspecify.annotations.NullMarked;
