/**
 * The device side of AWS IoT MQTT-based file delivery, on the broker's reserved-topic SPI (family {@code streams}):
 * {@code DescribeStream} and {@code GetStream} requests on {@code $aws/things/<thing>/streams/<streamId>/describe|get/
 * <cbor|json>}, answered on {@code description/...}, {@code data/...} (one message per block) and {@code rejected/...}
 * with the fields, short keys, limits and error codes of the AWS IoT developer guide ("Using AWS IoT MQTT-based file
 * delivery in devices"; "Reserved topics", MQTT-based file delivery topics), and as the AWS OTA library speaks it
 * ({@code ota-for-aws-iot-embedded-sdk}: {@code source/ota_mqtt.c}, {@code source/ota_cbor.c},
 * {@code source/include/ota_cbor_private.h}).
 *
 * <p>Owns the topic classification ({@link io.thingcore.streams.delivery.StreamTopic}), request decoding
 * ({@link io.thingcore.streams.delivery.RequestDecoder}), block selection with the bitmap
 * ({@link io.thingcore.streams.delivery.BlockPlan}), the bounded block cache
 * ({@link io.thingcore.streams.delivery.BlockCache}) and the reply encoding
 * ({@link io.thingcore.streams.delivery.ReplyEncoder}).
 *
 * <p>Threads: {@code accepts} runs on the publisher's event loop (string checks only); {@code handle} runs on the
 * broker's bounded service executor, where the stream lookup and block reads may block. The block cache is shared by
 * those threads: one read per segment however many devices ask for it at once.
 */
@NullMarked
package io.thingcore.streams.delivery;

import org.jspecify.annotations.NullMarked;
