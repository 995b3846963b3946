package io.thingcore.dic.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.dic.DicException;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class SubjectNamesTest {
    @Test
    void opensslSlashFormBecomesTheSameRdnSequenceInRfc4514Order() {
        String dn = SubjectNames.toRfc4514("/C=US/O=Silicon Labs/CN=DIC CA");
        assertThat(dn).isEqualTo("CN=DIC CA,O=Silicon Labs,C=US");
        // X.501 order of the DER: C first, as openssl -subj writes it.
        assertThat(new X500Principal(dn).getName(X500Principal.RFC2253)).isEqualTo("CN=DIC CA,O=Silicon Labs,C=US");
    }

    @Test
    void specialCharactersInValuesStayData() {
        assertThat(SubjectNames.toRfc4514("/O=Acme, Inc./CN=a\\/b")).isEqualTo("CN=a/b,O=Acme\\, Inc.");
    }

    @Test
    void rfc4514IsPassedThrough() {
        assertThat(SubjectNames.toRfc4514("CN=DIC_2,O=Acme")).isEqualTo("CN=DIC_2,O=Acme");
    }

    @Test
    void malformedSubjectsAreRefused() {
        assertThatThrownBy(() -> SubjectNames.toRfc4514("/CN")).isInstanceOf(DicException.class);
        assertThatThrownBy(() -> SubjectNames.toRfc4514(" ")).isInstanceOf(DicException.class);
    }
}
