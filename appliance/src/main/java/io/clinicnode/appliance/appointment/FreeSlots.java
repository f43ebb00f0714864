package io.clinicnode.appliance.appointment;

import java.time.LocalDateTime;
import java.util.Optional;

import io.clinicnode.appliance.practitioner.PractitionerData;
import io.clinicnode.appliance.practitioner.PractitionerQueries;

import io.helidon.dbclient.DbClient;

/** Reads for the free-slot search ({@link NextFreeSlot}) from the projection. Thread-safe. */
public final class FreeSlots {
    private final DbClient db;

    public FreeSlots(DbClient db) {
        this.db = db;
    }

    Optional<PractitionerData> practitioner(String id) {
        return PractitionerQueries.data(db.execute(), id);
    }

    Optional<LocalDateTime> find(String practitionerId, PractitionerData practitioner, int minutes, LocalDateTime after) {
        return NextFreeSlot.find(db.execute(), practitionerId, practitioner, minutes, after);
    }
}
