/**
 * Helpers for tests across modules: a gateway started as a real process with the {@code thingcore} command, and
 * the rule for external tools (fail loudly in CI, skip with a message elsewhere). Runs on the test's thread.
 */
package io.thingcore.testkit;
