/**
 * The stream resource of AWS IoT MQTT-based file delivery as the {@code iot} API model defines it (shapes
 * {@code StreamInfo}, {@code StreamSummary}, {@code StreamFile}, {@code S3Location}; operations {@code CreateStream},
 * {@code DescribeStream}, {@code ListStreams}, {@code UpdateStream}, {@code DeleteStream}) and the AWS IoT developer
 * guide page "What is a stream?": its identifiers, limits and ARN, the namespace every key carries, and the error
 * types AWS answers with.
 *
 * <p>Threads: none of its own; immutable values, safe on any thread.
 */
@NullMarked
package io.thingcore.streams.model;

import org.jspecify.annotations.NullMarked;
