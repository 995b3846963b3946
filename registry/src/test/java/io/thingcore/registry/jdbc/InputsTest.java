package io.thingcore.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.registry.ErrorType;
import io.thingcore.registry.RegistryException;
import org.junit.jupiter.api.Test;

/** The shared request checks quote the rule they apply, so that every family refuses a member the same way. */
class InputsTest {
    @Test
    void aNameThatDoesNotMatchIsAnInvalidRequestQuotingThePattern() {
        assertThatThrownBy(() -> Inputs.thingName("a b", "thingTypeName"))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST))
                .hasMessage("thingTypeName must match [a-zA-Z0-9:_-]{1,128}, got: a b");
        assertThatThrownBy(() -> Inputs.policyName(null))
                .hasMessage("policyName must match [\\w+=,.@-]{1,128}, got: null");
    }

    @Test
    void matchingNamesAndCertificateIdsPassThrough() {
        assertThat(Inputs.thingName("thing-1:a_b", "thingName")).isEqualTo("thing-1:a_b");
        assertThat(Inputs.policyName("p+=,.@-1")).isEqualTo("p+=,.@-1");
        assertThat(Inputs.certificateId("AB".repeat(32), "certificateId")).isEqualTo("ab".repeat(32));
    }
}
