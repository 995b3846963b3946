/**
 * The jobs device MQTT API: the {@code jobs} family on the broker's reserved-topic seam
 * ({@link io.thingcore.jobs.mqtt.JobsTopicService}), its JSON documents, and the {@code notify}/{@code notify-next}
 * publications ({@link io.thingcore.jobs.mqtt.JobsNotifier}). Requests run on the broker's service executor;
 * notifications on the thread that committed the change; nothing here runs on an event loop except
 * {@code accepts}.
 */
@NullMarked
package io.thingcore.jobs.mqtt;

import org.jspecify.annotations.NullMarked;
