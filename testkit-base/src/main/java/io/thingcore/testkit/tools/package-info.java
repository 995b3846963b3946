/**
 * Access to what tests need outside the JVM (external programs, a PostgreSQL server) under one rule: fail in CI, skip
 * with a message elsewhere. Runs on the test's thread.
 */
@NullMarked
package io.thingcore.testkit.tools;

import org.jspecify.annotations.NullMarked;
