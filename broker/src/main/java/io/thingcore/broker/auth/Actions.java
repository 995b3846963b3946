package io.thingcore.broker.auth;

/** The data-plane actions of facts 4.2. */
public final class Actions {
    public static final String CONNECT = "iot:Connect";
    public static final String PUBLISH = "iot:Publish";
    public static final String RETAIN_PUBLISH = "iot:RetainPublish";
    public static final String SUBSCRIBE = "iot:Subscribe";
    public static final String RECEIVE = "iot:Receive";

    private Actions() {}
}
