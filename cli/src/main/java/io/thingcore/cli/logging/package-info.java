/**
 * Where the gateway's log goes and in which shape: text on stderr from the first line ({@code DefaultLogging}, which
 * logback runs on the thread that first asks for a logger), then {@code --log-file} (a size-rotated file beside stderr)
 * and {@code --log-format text|json} (one JSON object per line, for log shippers), configured once on the main thread
 * before the gateway starts. Lines are written by logback's asynchronous appenders, so that no event loop ever waits
 * on a disk or a pipe.
 */
@NullMarked
package io.thingcore.cli.logging;

import org.jspecify.annotations.NullMarked;
