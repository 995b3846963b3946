/** DescribeEndpoint: answers the configured gateway host for every endpoint type. Runs on API worker threads. */
@NullMarked
package io.thingcore.api.endpoint;

import org.jspecify.annotations.NullMarked;
