package io.thingcore.jobs.service;

import java.util.List;

/** One page of a listing and the token of the next one (null on the last page). */
public record Page<T>(List<T> items, String nextToken) {
    public Page {
        items = List.copyOf(items);
    }
}
