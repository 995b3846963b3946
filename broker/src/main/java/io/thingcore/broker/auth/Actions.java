package io.thingcore.broker.auth;

/** The data-plane policy actions (AWS IoT Developer Guide, "AWS IoT Core policy actions"). */
public final class Actions {
    public static final String CONNECT = "iot:Connect";
    public static final String PUBLISH = "iot:Publish";
    public static final String RETAIN_PUBLISH = "iot:RetainPublish";
    public static final String SUBSCRIBE = "iot:Subscribe";
    public static final String RECEIVE = "iot:Receive";

    private Actions() {}
}
