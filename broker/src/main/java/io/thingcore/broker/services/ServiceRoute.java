package io.thingcore.broker.services;

/**
 * Where a reserved topic goes: the registered service of its family and the parts of the topic.
 *
 * @param service the service registered for {@code family}
 * @param thingName the topic's thing name, a valid AWS IoT thing name
 * @param family the topic level after the thing name
 * @param suffix the rest of the topic after {@code <family>/}, never empty
 */
public record ServiceRoute(ReservedTopicService service, String thingName, String family, String suffix) {}
