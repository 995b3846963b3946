/**
 * The files a Silicon Labs Matter DIC board is built with, per firmware generation ({@link
 * io.thingcore.dic.firmware.Firmware}): rendering them from a {@link io.thingcore.dic.firmware.DeviceConfig}, the
 * firmware's size limits, the README that says which SDK file each replaces, and reading them back as the C compiler
 * would (for the simulator). Pure text and file writes; runs on the caller's thread.
 */
@NullMarked
package io.thingcore.dic.firmware;

import org.jspecify.annotations.NullMarked;
