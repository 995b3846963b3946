/**
 * The Matter "Direct Internet Connectivity" (DIC) workflow of Silicon Labs' guide, as a library: the guide's openssl
 * steps ({@link io.thingcore.dic.certs}), the target it provisions ({@link io.thingcore.dic.endpoint}), its console steps
 * through the AWS SDK for Java v2 ({@link io.thingcore.dic.provision}) and the files the firmware and MQTT Explorer need
 * ({@link io.thingcore.dic.output}). Everything runs on the caller's thread; nothing here starts threads.
 */
@NullMarked
package io.thingcore.dic;

import org.jspecify.annotations.NullMarked;
