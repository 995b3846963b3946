/**
 * The {@code thingcore} command for people: parses options with picocli and hands them to the server module. Runs on
 * the main thread; a started gateway keeps the JVM alive until SIGINT/SIGTERM.
 */
@NullMarked
package io.thingcore.cli;

import org.jspecify.annotations.NullMarked;
