/** DescribeEndpoint: answers the configured gateway host for every endpoint type. Runs on API worker threads. */
package io.thingcore.api.endpoint;
