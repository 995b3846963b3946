/**
 * The console's HTTP details: the fixed list of static files, security headers, the session cookie and the
 * same-origin checks. Pure functions and immutable tables, called from API worker threads.
 */
package io.thingcore.console.web;
