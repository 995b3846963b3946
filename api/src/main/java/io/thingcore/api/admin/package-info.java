/**
 * thingcore's administrative endpoints (the registry reset for test suites), off unless enabled in the configuration.
 * Runs on API worker threads.
 */
@NullMarked
package io.thingcore.api.admin;

import org.jspecify.annotations.NullMarked;
