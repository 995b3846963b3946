/**
 * Where {@code thingcore server} and {@code up} take the API's access key from when the data directory's generated
 * one is not wanted: a credentials file, the environment, or (deprecated) the command line. Runs once on the main
 * thread before the gateway starts.
 */
@NullMarked
package io.thingcore.cli.credentials;

import org.jspecify.annotations.NullMarked;
