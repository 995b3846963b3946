/**
 * OTA updates on the control plane ({@code iot} API model: CreateOTAUpdate, GetOTAUpdate, ListOTAUpdates,
 * DeleteOTAUpdate): {@link io.thingcore.api.ota.OtaUpdateOperations}, which makes each update out of a stream and
 * a job, and the job document it gives the job, {@link io.thingcore.api.ota.AfrOtaDocument}, in the shape the AWS IoT
 * OTA library's job parser reads. The operations run on API worker threads (they call the stream and job stores);
 * the document is a pure value, safe on any thread.
 */
@NullMarked
package io.thingcore.api.ota;

import org.jspecify.annotations.NullMarked;
