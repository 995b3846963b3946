/**
 * The configuration file of {@code thingcore server} and {@code thingcore up} ({@code --config FILE} or
 * {@code THINGCORE_CONFIG}): a flat YAML mapping whose keys are the commands' long options without the leading dashes,
 * read once when picocli asks for the defaults of the options the command line left out, so that every option is
 * covered without a list kept by hand and the command line wins over the file. A file that cannot be used (missing,
 * not YAML, an unknown key, a value of the wrong type) is one start-up line naming the file, the line and the key.
 * Runs on the command's main thread, before the gateway starts.
 */
@NullMarked
package io.thingcore.cli.config;

import org.jspecify.annotations.NullMarked;
