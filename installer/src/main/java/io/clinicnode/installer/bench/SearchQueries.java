package io.clinicnode.installer.bench;

import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import io.clinicnode.appliance.patient.PatientData;
import io.clinicnode.installer.generate.SyntheticPatients;

/**
 * The front desk's searches, drawn from the synthetic patients a data set was generated with, so every
 * query matches someone: prefixes of a name part, first name plus the start of a surname, birth dates (ISO
 * and dd/MM/yyyy), CPFs (formatted and digits only) and the last four digits of a phone.
 *
 * <p>Thread-safe: callers pass their own random source.
 */
final class SearchQueries {
    private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    /** What a query looks for. */
    enum Kind {
        NAME_PREFIX, FIRST_NAME_AND_SURNAME, BIRTH_DATE, CPF, PHONE_SUFFIX
    }

    record Query(Kind kind, String text) {
    }

    private final SyntheticPatients patients;
    private final long patientCount;

    SearchQueries(SyntheticPatients patients, long patientCount) {
        this.patients = patients;
        this.patientCount = patientCount;
    }

    /** A query about a random patient: 30 % name prefix, 25 % two names, 15 % each birth date, CPF, phone. */
    Query next(SplittableRandom random) {
        PatientData patient = patients.patient(random.nextLong(patientCount));
        int pick = random.nextInt(100);
        if (pick < 30) {
            String part = randomNamePart(patient, random);
            return new Query(Kind.NAME_PREFIX, part.substring(0, Math.min(part.length(), 3 + random.nextInt(3))));
        }
        if (pick < 55) {
            List<String> parts = nameParts(patient);
            String surname = parts.getLast();
            return new Query(Kind.FIRST_NAME_AND_SURNAME,
                    parts.getFirst() + " " + surname.substring(0, Math.min(surname.length(), 3 + random.nextInt(4))));
        }
        if (pick < 70) {
            return new Query(Kind.BIRTH_DATE, random.nextBoolean() ? patient.birthDate().toString()
                    : DAY_MONTH_YEAR.format(patient.birthDate()));
        }
        if (pick < 85 && patient.document() != null) {
            return new Query(Kind.CPF, random.nextBoolean() ? patient.document() : patient.document().replaceAll("\\D", ""));
        }
        String digits = patient.phone().replaceAll("\\D", "");
        return new Query(Kind.PHONE_SUFFIX, digits.substring(digits.length() - 4));
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
