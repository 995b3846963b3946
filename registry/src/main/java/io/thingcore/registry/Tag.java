package io.thingcore.registry;

import org.jspecify.annotations.Nullable;

/** A resource tag given at creation time (key 1..128 characters, value up to 256). */
public record Tag(String key, @Nullable String value) {}
