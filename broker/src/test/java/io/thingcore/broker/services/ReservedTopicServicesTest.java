package io.thingcore.broker.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.broker.testing.EchoJobsService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The classification of reserved topics: only a registered family's request topics of a valid thing name. */
class ReservedTopicServicesTest {
    final EchoJobsService jobs = new EchoJobsService();
    final ReservedTopicServices services = new ReservedTopicServices(List.of(jobs), Runnable::run);

    @Test
    void requestTopicOfARegisteredFamily_routesWithThingAndSuffix() {
        ServiceRoute route = services.route("$aws/things/DIC_2/jobs/$next/get");
        assertThat(route).isNotNull();
        assertThat(route.service()).isSameAs(jobs);
        assertThat(route.thingName()).isEqualTo("DIC_2");
        assertThat(route.family()).isEqualTo("jobs");
        assertThat(route.suffix()).isEqualTo("$next/get");
        assertThat(services.route("$aws/things/a:b_c-1/jobs/start-next").thingName())
                .isEqualTo("a:b_c-1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "light/state", // not reserved
                "$aws/things/t1/shadow/update", // no shadow service
                "$aws/things/t1/jobs/get/accepted", // a reply: only the service publishes there
                "$aws/things/t1/jobs/notify-next",
                "$aws/things/t1/jobs/",
                "$aws/things/t1/jobs",
                "$aws/things/t1",
                "$aws/things//jobs/get", // empty thing name
                "$aws/things/+/jobs/get", // identity values are data: a wildcard names no thing
                "$aws/things/#/jobs/get",
                "$aws/things/a+b/jobs/get",
                "$aws/things/a.b/jobs/get", // outside CreateThing's [a-zA-Z0-9:_-]+
                "$aws/things/a$b/jobs/get",
                "$aws/events/presence/connected/t1",
                "$aws/rules/r/jobs/get",
                "$SYS/broker/load"
            })
    void everyOtherTopic_isNotRouted(String topic) {
        assertThat(services.route(topic)).isNull();
    }

    @Test
    void thingNameLongerThan128Characters_isNotRouted() {
        assertThat(services.route("$aws/things/" + "t".repeat(128) + "/jobs/get"))
                .isNotNull();
        assertThat(services.route("$aws/things/" + "t".repeat(129) + "/jobs/get"))
                .isNull();
    }

    @Test
    void noServices_routeNothing() {
        assertThat(ReservedTopicServices.NONE.route("$aws/things/t1/jobs/get")).isNull();
    }

    @Test
    void oneServicePerFamily_andFamiliesArePlainLevels() {
        assertThatThrownBy(() -> new ReservedTopicServices(List.of(jobs, new EchoJobsService()), Runnable::run))
                .isInstanceOf(IllegalArgumentException.class);
        ReservedTopicService wildcard = new ReservedTopicService() {
            @Override
            public String family() {
                return "+";
            }

            @Override
            public boolean accepts(String suffix) {
                return true;
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> handle(ServiceRequest r, ServiceReplies replies) {
                return null;
            }
        };
        assertThatThrownBy(() -> new ReservedTopicServices(List.of(wildcard), Runnable::run))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
