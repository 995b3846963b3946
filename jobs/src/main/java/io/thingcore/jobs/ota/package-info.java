/**
 * The durable record of OTA updates ({@code iot} API model: CreateOTAUpdate, GetOTAUpdate, ListOTAUpdates,
 * DeleteOTAUpdate): one row per update in its own table on its own migration track, keyed by account and region. It
 * lives beside the jobs because an OTA update is a job (and a stream) made for the update, and owns nothing else: the
 * job and the stream stay in their own stores. Called on API worker threads (JDBC); never on an event loop.
 */
@NullMarked
package io.thingcore.jobs.ota;

import org.jspecify.annotations.NullMarked;
