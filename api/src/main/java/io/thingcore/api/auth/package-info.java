/**
 * AWS Signature Version 4 verification of every API request (header and presigned-query forms), against the raw
 * request as received. Pure computation; runs on API worker threads.
 */
@NullMarked
package io.thingcore.api.auth;

import org.jspecify.annotations.NullMarked;
