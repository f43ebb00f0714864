package io.clinicnode.bench;

import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.clinicnode.appliance.patient.PatientData;
import io.clinicnode.bench.generate.SyntheticPatients;

/**
 * The front desk's searches, drawn from the synthetic patients a data set was generated with, so every
 * query matches someone: prefixes of a name part, first name plus the start of a surname, birth dates (ISO
 * and dd/MM/yyyy), CPFs (formatted and digits only) and the last four digits of a phone.
 *
 * <p>Thread-safe: callers pass their own random source.
 */
final class SearchQueries {
    private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    /**
     * What a query looks for, and its share of the mix in percent. Phone suffixes come last: on a large register
     * they are the queries that can exhaust the node's database pool (see docs/PERFORMANCE.md).
     */
    enum Kind {
        NAME_PREFIX(30), FIRST_NAME_AND_SURNAME(25), BIRTH_DATE(15), CPF(15), PHONE_SUFFIX(15);

        private final int percent;

        Kind(int percent) {
            this.percent = percent;
        }

        /** This kind's part of {@code total} queries. */
        int share(int total) {
            return Math.max(1, total * percent / 100);
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    record Query(Kind kind, String text) {
    }

    private final SyntheticPatients patients;
    private final long patientCount;

    SearchQueries(SyntheticPatients patients, long patientCount) {
        this.patients = patients;
        this.patientCount = patientCount;
    }

    /** A query of {@code kind} about a random patient of the data set. */
    Query next(Kind kind, SplittableRandom random) {
        PatientData patient = patients.patient(random.nextLong(patientCount));
        while (kind == Kind.CPF && patient.document() == null) {
            patient = patients.patient(random.nextLong(patientCount));
        }
        String text = switch (kind) {
            case NAME_PREFIX -> {
                String part = randomNamePart(patient, random);
                yield part.substring(0, Math.min(part.length(), 3 + random.nextInt(3)));
            }
            case FIRST_NAME_AND_SURNAME -> {
                List<String> parts = nameParts(patient);
                String surname = parts.getLast();
                yield parts.getFirst() + " " + surname.substring(0, Math.min(surname.length(), 3 + random.nextInt(4)));
            }
            case BIRTH_DATE -> random.nextBoolean() ? patient.birthDate().toString() : DAY_MONTH_YEAR.format(patient.birthDate());
            case CPF -> random.nextBoolean() ? patient.document() : patient.document().replaceAll("\\D", "");
            case PHONE_SUFFIX -> {
                String digits = patient.phone().replaceAll("\\D", "");
                yield digits.substring(digits.length() - 4);
            }
        };
        return new Query(kind, text);
    }

    private static String randomNamePart(PatientData patient, SplittableRandom random) {
        List<String> parts = nameParts(patient);
        return parts.get(random.nextInt(parts.size()));
    }

    /** Name parts without the particles (da, de, dos…), which nobody searches by. */
    private static List<String> nameParts(PatientData patient) {
        return Arrays.stream(patient.fullName().split(" ")).filter(part -> part.length() > 3 || !part.startsWith("d")).toList();
    }
}
