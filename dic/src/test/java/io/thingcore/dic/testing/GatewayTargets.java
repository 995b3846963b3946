package io.thingcore.dic.testing;

import io.thingcore.dic.endpoint.Target;
import io.thingcore.testkit.InProcessGateway;

/** The DIC provisioning target for a gateway started by the test kit. */
public final class GatewayTargets {
    private GatewayTargets() {}

    /** The target exactly as {@code thingcore dic provision --connection FILE} builds it. */
    public static Target of(InProcessGateway gateway) {
        return of(
                gateway,
                gateway.connection().accessKeyId(),
                gateway.connection().secretAccessKey());
    }

    public static Target of(InProcessGateway gateway, String accessKeyId, String secretAccessKey) {
        return Target.gateway(
                gateway.connection().apiEndpoint(),
                gateway.connection().region(),
                accessKeyId,
                secretAccessKey,
                gateway.connection().mqttPort(),
                gateway.serverCaPem(),
                gateway.connectionFile().toString());
    }
}
