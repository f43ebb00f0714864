package io.clinicnode.appliance.agendablock;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonObject;

/**
 * The booked appointments inside a span, of one practitioner or of all, as the API shows appointments: what a new
 * block or holiday leaves for the desk to move. Given by the node's wiring (the appointments' queries), so that this
 * package does not reach into the appointments' one, which checks blocks.
 */
@FunctionalInterface
public interface BookedInside {
    List<JsonObject> find(Optional<String> practitionerId, LocalDateTime start, LocalDateTime end);
}
