package io.clinicnode.bench.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;

import io.clinicnode.appliance.http.FieldReader;
import io.clinicnode.appliance.patient.NationalDocument;
import io.clinicnode.appliance.patient.PatientData;

import org.junit.jupiter.api.Test;

class SyntheticPatientsTest {
    @Test
    void givesValidDistinctCpfs() {
        Set<String> seen = new HashSet<>();
        LongStream.range(0, 200_000).mapToObj(SyntheticPatients::cpf).forEach(cpf -> {
            assertThat(NationalDocument.problem("BR", cpf)).as(cpf).isEmpty();
            assertThat(seen.add(cpf)).as("%s given twice", cpf).isTrue();
        });
    }

    @Test
    void generatesPatientsTheApiAccepts() {
        SyntheticPatients patients = new SyntheticPatients(42);
        for (long index = 0; index < 5_000; index++) {
            PatientData patient = patients.patient(index);
            assertThatCode(() -> PatientData.parse(new FieldReader(patient.toJson()), "BR", LocalDate.of(2026, 1, 1)))
                    .as("patient %d: %s", index, patient).doesNotThrowAnyException();
        }
    }

    @Test
    void samePatientAndIdForSameSeedAndIndex() {
        assertThat(new SyntheticPatients(7).patient(123)).isEqualTo(new SyntheticPatients(7).patient(123));
        assertThat(new SyntheticPatients(7).id(123)).isEqualTo(new SyntheticPatients(7).id(123));
        assertThat(new SyntheticPatients(7).id(123)).isNotEqualTo(new SyntheticPatients(8).id(123));
    }

    @Test
    void namesCarryPortugueseAccents() {
        SyntheticPatients patients = new SyntheticPatients(1);
        long accented = LongStream.range(0, 1_000).mapToObj(patients::patient)
                .filter(patient -> !patient.fullName().equals(Normalizer.normalize(patient.fullName(), Normalizer.Form.NFD)))
                .count();
        assertThat(accented).as("names with accented letters, of 1000").isGreaterThan(200);
    }
}
