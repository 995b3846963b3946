/**
 * The console's HTTP details: the fixed list of static files, security headers, the session cookie and the
 * same-origin checks. Pure functions and immutable tables, called from API worker threads.
 */
@NullMarked
package io.thingcore.console.web;

import org.jspecify.annotations.NullMarked;
