package io.thingcore.dic.provision;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a run did to a resource; {@code created} or {@code reused} in provision.json. */
public enum Action {
    CREATED,
    REUSED;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
