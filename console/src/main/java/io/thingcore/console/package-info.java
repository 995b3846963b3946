/**
 * The web console: {@link io.thingcore.console.Console} is the API port's {@link io.thingcore.api.http.Mount} for
 * {@code /console}. It serves the static front end, signs people in with the gateway's access key, and runs the
 * AWS operations of the API's route table for them under {@code /console/api/...}. Runs on API worker threads; the
 * only event-loop code is the server-sent-event stream in {@link io.thingcore.console.messaging}.
 */
@NullMarked
package io.thingcore.console;

import org.jspecify.annotations.NullMarked;
