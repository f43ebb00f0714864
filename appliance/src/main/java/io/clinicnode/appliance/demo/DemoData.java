package io.clinicnode.appliance.demo;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import io.clinicnode.appliance.Node;
import io.clinicnode.appliance.patient.PatientData;
import io.clinicnode.appliance.patient.PatientEvents;
import io.clinicnode.appliance.user.PasswordHasher;
import io.clinicnode.appliance.user.Role;
import io.clinicnode.appliance.user.UserDirectory;
import io.clinicnode.appliance.user.UserEvents;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.WritePath;

import org.tinylog.Logger;

/**
 * Fills a new node with a small demo clinic through the normal write path (so the demo's data is journaled
 * like any other): a front-desk user, and patients.
 */
public final class DemoData {
    private static final String ACTOR = "demo";

    private DemoData() {
    }

    /** Loads the demo clinic unless the node already has its front-desk user. */
    public static void loadIfEmpty(Node node, String password) {
        UserDirectory users = new UserDirectory(node.db());
        if (users.find("recepcao").isPresent()) {
            return;
        }
        WritePath writes = node.writes();
        PasswordHasher hasher = new PasswordHasher(node.config().passwordIterations());
        writes.write(new Change(UserEvents.CREATED, "recepcao", ACTOR, UserEvents.createdPayload("recepcao", "Recepção",
                hasher.hash(password.toCharArray()), EnumSet.of(Role.FRONT_DESK), "pt-BR")));
        List<PatientData> patients = List.of(
                patient("Maria José da Silva", LocalDate.of(1984, 3, 12), PatientData.Sex.FEMALE, "529.982.247-25", "(11) 98765-4321"),
                patient("João Pedro Souza", LocalDate.of(1990, 7, 1), PatientData.Sex.MALE, "111.444.777-35", "(11) 91234-5678"),
                patient("Ana Beatriz Oliveira", LocalDate.of(2012, 11, 23), PatientData.Sex.FEMALE, null, "(11) 3456-7890"),
                patient("Luís Fernando Araújo", LocalDate.of(1958, 1, 30), PatientData.Sex.MALE, null, "(11) 99876-1122"),
                patient("Conceição Aparecida Lima", LocalDate.of(1947, 5, 9), PatientData.Sex.FEMALE, null, "(11) 2345-6789"));
        for (PatientData patient : patients) {
            writes.write(new Change(PatientEvents.REGISTERED, UUID.randomUUID().toString(), ACTOR, patient.toJson()));
        }
        Logger.info("Loaded the demo clinic: {} patients", patients.size());
    }

    private static PatientData patient(String name, LocalDate birthDate, PatientData.Sex sex, String document, String phone) {
        return new PatientData(name, birthDate, sex, document, phone, null, null, null,
                new PatientData.Consents(true, false, true));
    }
}
