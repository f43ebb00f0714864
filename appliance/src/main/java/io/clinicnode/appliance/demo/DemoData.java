package io.clinicnode.appliance.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import io.clinicnode.appliance.Node;
import io.clinicnode.appliance.appointment.AppointmentEvents;
import io.clinicnode.appliance.patient.PatientData;
import io.clinicnode.appliance.patient.PatientEvents;
import io.clinicnode.appliance.practitioner.PractitionerData;
import io.clinicnode.appliance.practitioner.PractitionerEvents;
import io.clinicnode.appliance.practitioner.WorkingHours;
import io.clinicnode.appliance.room.RoomEvents;
import io.clinicnode.appliance.user.PasswordHasher;
import io.clinicnode.appliance.user.Role;
import io.clinicnode.appliance.user.UserDirectory;
import io.clinicnode.appliance.user.UserEvents;
import io.clinicnode.appliance.waitingroom.WaitingRoomEvents;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.ChangeWriter;

import org.tinylog.Logger;

/**
 * Fills a new node with a small demo clinic through the normal write path (so the demo's data is journaled
 * like any other): a front-desk user, patients, three practitioners working Monday to Saturday, and the day's
 * agenda with two patients already checked in.
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
        ChangeWriter writes = node.changes();
        PasswordHasher hasher = new PasswordHasher(node.config().passwordIterations());
        writes.write(new Change(UserEvents.CREATED, "recepcao", ACTOR, UserEvents.createdPayload("recepcao", "Recepção",
                hasher.hash(password.toCharArray()), EnumSet.of(Role.FRONT_DESK), "pt-BR")));
        List<PatientData> patients = List.of(
                patient("Maria José da Silva", LocalDate.of(1984, 3, 12), PatientData.Sex.FEMALE, "529.982.247-25", "(11) 98765-4321"),
                patient("João Pedro Souza", LocalDate.of(1990, 7, 1), PatientData.Sex.MALE, "111.444.777-35", "(11) 91234-5678"),
                patient("Ana Beatriz Oliveira", LocalDate.of(2012, 11, 23), PatientData.Sex.FEMALE, null, "(11) 3456-7890"),
                patient("Luís Fernando Araújo", LocalDate.of(1958, 1, 30), PatientData.Sex.MALE, null, "(11) 99876-1122"),
                patient("Conceição Aparecida Lima", LocalDate.of(1947, 5, 9), PatientData.Sex.FEMALE, null, "(11) 2345-6789"));
        List<String> patientIds = new ArrayList<>();
        for (PatientData patient : patients) {
            String id = UUID.randomUUID().toString();
            writes.write(new Change(PatientEvents.REGISTERED, id, ACTOR, patient.toJson()));
            patientIds.add(id);
        }
        String dentist = practitioner(writes, "Dra. Beatriz Campos", "Odontologia");
        String generalPractitioner = practitioner(writes, "Dr. Ricardo Menezes", "Clínica geral");
        String paediatrician = practitioner(writes, "Dra. Helena Vasconcelos", "Pediatria");

        // Each practitioner's consultório, for the waiting-room TV's call panel.
        List<String> rooms = List.of(dentist, generalPractitioner, paediatrician);
        for (int room = 0; room < rooms.size(); room++) {
            writes.write(new Change(RoomEvents.PRACTITIONER_SET, rooms.get(room), ACTOR,
                    RoomEvents.practitionerSetPayload("Consultório " + (room + 1))));
        }
        LocalDate today = LocalDate.now(node.config().timeZone());
        LocalDate day = agendaDay(today);
        List<String> agenda = List.of(
                book(writes, patientIds.get(0), dentist, day, "08:00", 30, "Limpeza"),
                book(writes, patientIds.get(1), dentist, day, "08:30", 45, null),
                book(writes, patientIds.get(3), dentist, day, "10:00", 30, "Avaliação de prótese"),
                book(writes, patientIds.get(4), generalPractitioner, day, "08:00", 20, "Retorno: exames de sangue"),
                book(writes, patientIds.get(3), generalPractitioner, day, "08:40", 20, null),
                book(writes, patientIds.get(0), generalPractitioner, day, "09:20", 30, null),
                book(writes, patientIds.get(1), generalPractitioner, day, "11:00", 20, null),
                book(writes, patientIds.get(2), paediatrician, day, "09:00", 30, "Vacinas em dia?"));
        if (day.equals(today)) {
            for (String appointmentId : List.of(agenda.get(0), agenda.get(3))) {
                writes.write(new Change(WaitingRoomEvents.CHECKED_IN, UUID.randomUUID().toString(), ACTOR,
                        WaitingRoomEvents.checkedInPayload(appointmentId)));
            }
        }
        Logger.info("Loaded the demo clinic: {} patients, 3 practitioners, {} appointments on {}", patients.size(), agenda.size(), day);
    }

    /** The day the demo agenda is booked on: today, or Monday when today is a Sunday (nobody works then). */
    static LocalDate agendaDay(LocalDate today) {
        return today.getDayOfWeek() == DayOfWeek.SUNDAY ? today.plusDays(1) : today;
    }

    /** Registers a practitioner working Monday to Friday 08:00-12:00 and 13:00-18:00, and Saturday 08:00-12:00. */
    private static String practitioner(ChangeWriter writes, String name, String specialty) {
        List<WorkingHours> hours = new ArrayList<>();
        for (DayOfWeek day : EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)) {
            hours.add(new WorkingHours(day, LocalTime.of(8, 0), LocalTime.of(12, 0)));
            hours.add(new WorkingHours(day, LocalTime.of(13, 0), LocalTime.of(18, 0)));
        }
        hours.add(new WorkingHours(DayOfWeek.SATURDAY, LocalTime.of(8, 0), LocalTime.of(12, 0)));
        String id = UUID.randomUUID().toString();
        writes.write(new Change(PractitionerEvents.REGISTERED, id, ACTOR, new PractitionerData(name, specialty, hours, true).toJson()));
        return id;
    }

    private static String book(ChangeWriter writes, String patientId, String practitionerId, LocalDate day, String time,
                               int minutes, String notes) {
        String id = UUID.randomUUID().toString();
        writes.write(new Change(AppointmentEvents.BOOKED, id, ACTOR, AppointmentEvents.bookedPayload(patientId, practitionerId,
                day.atTime(LocalTime.parse(time)), minutes, notes)));
        return id;
    }

    private static PatientData patient(String name, LocalDate birthDate, PatientData.Sex sex, String document, String phone) {
        return new PatientData(name, birthDate, sex, document, phone, null, null, null,
                new PatientData.Consents(true, false, true));
    }
}
