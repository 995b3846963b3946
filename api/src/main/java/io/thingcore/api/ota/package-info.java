/**
 * OTA updates on the control plane ({@code iot} API model: CreateOTAUpdate, GetOTAUpdate, ListOTAUpdates,
 * DeleteOTAUpdate). Today it holds the job document an OTA update gives its job, {@link
 * io.thingcore.api.ota.AfrOtaDocument}, in the shape the AWS IoT OTA library's job parser reads; the operations come
 * with the jobs module's wiring into the gateway. Pure values: safe on any thread.
 */
@NullMarked
package io.thingcore.api.ota;

import org.jspecify.annotations.NullMarked;
