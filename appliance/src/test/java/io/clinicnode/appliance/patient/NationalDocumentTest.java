package io.clinicnode.appliance.patient;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NationalDocumentTest {
    @Test
    void acceptsValidCpfWithOrWithoutPunctuation() {
        assertThat(NationalDocument.problem("BR", "529.982.247-25")).isEmpty();
        assertThat(NationalDocument.problem("BR", "52998224725")).isEmpty();
        assertThat(NationalDocument.key("BR", "529.982.247-25")).isEqualTo("52998224725");
    }

    @Test
    void refusesCpfWithWrongCheckDigitsRepeatedDigitsOrWrongLength() {
        assertThat(NationalDocument.problem("BR", "529.982.247-26")).isPresent();
        assertThat(NationalDocument.problem("BR", "111.111.111-11")).isPresent();
        assertThat(NationalDocument.problem("BR", "5299822472")).isPresent();
        assertThat(NationalDocument.problem("BR", "abc")).isPresent();
    }

    @Test
    void namesWhatIsWrongWithADocumentByAStableCode() {
        assertThat(NationalDocument.problem("BR", "529.982.247-26")).map(NationalDocument.Problem::code).contains("cpf.check-digit");
        assertThat(NationalDocument.problem("BR", "111.111.111-11")).map(NationalDocument.Problem::code).contains("cpf.check-digit");
        assertThat(NationalDocument.problem("BR", "5299822472")).map(NationalDocument.Problem::code).contains("cpf.format");
        assertThat(NationalDocument.problem("BR", "529-982-247-25")).map(NationalDocument.Problem::code).contains("cpf.format");
        assertThat(NationalDocument.problem("PT", "1")).map(NationalDocument.Problem::code).contains("document.format");
    }

    @Test
    void otherCountriesOnlyNeedASaneShape() {
        assertThat(NationalDocument.problem("PT", "12345678 9 ZZ4")).isEmpty();
        assertThat(NationalDocument.key("PT", "12345678 9 zz4")).isEqualTo("123456789ZZ4");
        assertThat(NationalDocument.problem("PT", "1")).isPresent();
    }
}
