package io.clinicnode.appliance.patient;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTextTest {
    @Test
    void normalizeDropsAccentsCaseAndPunctuation() {
        assertThat(SearchText.normalize("  José  D'Ávila-Conceição ")).isEqualTo("jose d avila conceicao");
    }

    @Test
    void tokensAreDistinctNormalizedNameParts() {
        assertThat(SearchText.tokens("Ana ANA Müller")).containsExactly("ana", "muller");
        assertThat(SearchText.tokens("  -- ")).isEmpty();
    }

    @Test
    void reversedDigitsTurnEndsWithIntoStartsWith() {
        assertThat(SearchText.reversedDigits("(11) 98765-4321")).isEqualTo("12345678911");
        assertThat(SearchText.reversedDigits(null)).isNull();
    }
}
