/**
 * What the firmware and MQTT Explorer need, as files: {@code dic_config.h} (the Silicon Labs DIC example's header with
 * the PEMs as C string literals), the {@code mqtt-explorer/} bundle and its README. Pure rendering plus file writes
 * through {@link io.thingcore.dic.certs.OutputFiles}; runs on the caller's thread.
 */
@NullMarked
package io.thingcore.dic.output;

import org.jspecify.annotations.NullMarked;
