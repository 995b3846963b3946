package io.thingcore.streams.delivery;

import org.jspecify.annotations.Nullable;

/**
 * A decoded {@code GetStream} or {@code DescribeStream} request ("Using AWS IoT MQTT-based file delivery in devices",
 * "GetStream request"); a field the device left out is null. A {@code DescribeStream} request carries only
 * {@code c}.
 *
 * @param clientToken {@code c}, at most 64 bytes
 * @param streamVersion {@code s}, the version the device expects
 * @param fileId {@code f}
 * @param blockSize {@code l}
 * @param offset {@code o}, the first block
 * @param numberOfBlocks {@code n}
 * @param bitmap {@code b}: bit {@code k} (bit {@code k % 8} of byte {@code k / 8}, least significant first) asks for
 *     block {@code offset + k}
 */
record GetStreamRequest(
        @Nullable String clientToken,
        @Nullable Long streamVersion,
        @Nullable Long fileId,
        @Nullable Long blockSize,
        @Nullable Long offset,
        @Nullable Long numberOfBlocks,
        byte @Nullable [] bitmap) {}
