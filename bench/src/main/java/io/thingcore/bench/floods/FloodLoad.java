package io.thingcore.bench.floods;

/** One running flood: started by its constructor, stopped by {@link #close()}. */
interface FloodLoad extends AutoCloseable {
    /** What it has done so far, for the report, e.g. {@code 150 held, 300 closed by the gateway and reopened}. */
    String summary();

    @Override
    void close();
}
