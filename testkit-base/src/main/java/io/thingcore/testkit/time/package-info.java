/**
 * Time for tests: a clock that a test moves forward over a timeout of minutes or hours instead of sleeping. Any
 * thread.
 */
@NullMarked
package io.thingcore.testkit.time;

import org.jspecify.annotations.NullMarked;
