/**
 * The DIC guide's firmware update in one command ({@code thingcore dic ota}): the CreateOTAUpdate request for one
 * thing and one signed file ({@link io.thingcore.dic.ota.OtaUpdatePlan}), the {@code ota} command to the board, and
 * the job execution followed to its end ({@link io.thingcore.dic.ota.JobFollower}). Against a thingcore gateway and
 * against AWS IoT Core alike, through the AWS SDK. Runs on the calling thread; the MQTT client on its own event loop.
 */
@NullMarked
package io.thingcore.dic.ota;

import org.jspecify.annotations.NullMarked;
