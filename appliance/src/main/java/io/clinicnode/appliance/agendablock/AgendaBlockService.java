package io.clinicnode.appliance.agendablock;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.http.FieldReader;
import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.http.Queries;
import io.clinicnode.appliance.http.Responses;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.user.Role;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.ChangeWriter;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * {@code /api/agenda/blocks} and {@code /api/agenda/holidays}: time the agenda refuses bookings in. The desk blocks a
 * practitioner's time (vacation, an afternoon off); admins set the clinic's holidays. Adding either answers with the
 * appointments already inside it ({@code appointmentsInside}), which stay booked until the desk moves them.
 *
 * <p>Thread-safe.
 */
public final class AgendaBlockService implements HttpService {
    /** A year: longer is a typing mistake (and would make every free-slot search crawl over it). */
    static final int MAX_BLOCK_DAYS = 366;
    private static final int MAX_RANGE_DAYS = 400;

    private final ChangeWriter writes;
    private final AgendaBlocks blocks;
    private final BookedInside appointments;
    private final JsonBodies bodies;
    private final Clock clinicClock;

    public AgendaBlockService(ChangeWriter writes, AgendaBlocks blocks, BookedInside appointments, JsonBodies bodies,
                              Clock clinicClock) {
        this.writes = writes;
        this.blocks = blocks;
        this.appointments = appointments;
        this.bodies = bodies;
        this.clinicClock = clinicClock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/blocks", this::listBlocks)
                .post("/blocks", this::addBlock)
                .delete("/blocks/{id}", (request, response) -> remove(request, response, false))
                .get("/holidays", this::listHolidays)
                .post("/holidays", this::addHoliday)
                .delete("/holidays/{id}", (request, response) -> remove(request, response, true));
    }

    private void listBlocks(ServerRequest request, ServerResponse response) {
        CurrentUser.of(request);
        LocalDate from = Queries.date(request, "from").orElse(LocalDate.now(clinicClock));
        LocalDate to = Queries.date(request, "to").orElse(from.plusDays(31));
        checkRange(from, to);
        Responses.items(response, blocks.between(from, to, Queries.idParameter(request, "practitionerId"), Optional.empty()));
    }

    private void listHolidays(ServerRequest request, ServerResponse response) {
        CurrentUser.of(request);
        int year = Queries.integer(request, "year", LocalDate.now(clinicClock).getYear(), 2000, 2100);
        Responses.items(response, blocks.between(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), Optional.empty(),
                Optional.of(AgendaBlock.Kind.HOLIDAY)));
    }

    private void addBlock(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        FieldReader fields = new FieldReader(bodies.object(request));
        String practitionerId = fields.requiredText("practitionerId", 36);
        LocalDateTime start = fields.requiredDateTime("start");
        LocalDateTime end = fields.requiredDateTime("end");
        String reason = fields.optionalText("reason", 200);
        if (start != null && end != null) {
            if (!end.isAfter(start)) {
                fields.error("end", "block.end-before-start", "must be after start (" + start + ")");
            } else if (end.isAfter(start.plusDays(MAX_BLOCK_DAYS))) {
                fields.error("end", "block.too-long", "must be at most " + MAX_BLOCK_DAYS + " days after start");
            }
        }
        fields.throwIfInvalid();
        String id = UUID.randomUUID().toString();
        String practitioner = practitionerId.toLowerCase(Locale.ROOT);
        writes.write(new Change(AgendaBlockEvents.ADDED, id, user.username(),
                AgendaBlockEvents.addedPayload(AgendaBlock.Kind.BLOCK, practitioner, start, end, reason)));
        created(response, "/api/agenda/blocks/" + id, id, appointments.find(Optional.of(practitioner), start, end));
    }

    private void addHoliday(ServerRequest request, ServerResponse response) {
        CurrentUser admin = CurrentUser.require(request, Role.ADMIN);
        FieldReader fields = new FieldReader(bodies.object(request));
        LocalDate date = fields.requiredDate("date");
        String name = fields.requiredText("name", 200);
        fields.throwIfInvalid();
        String id = UUID.randomUUID().toString();
        writes.write(new Change(AgendaBlockEvents.ADDED, id, admin.username(), AgendaBlockEvents.addedPayload(
                AgendaBlock.Kind.HOLIDAY, null, date.atStartOfDay(), date.plusDays(1).atStartOfDay(), name)));
        created(response, "/api/agenda/holidays/" + id, id,
                appointments.find(Optional.empty(), date.atStartOfDay(), date.plusDays(1).atStartOfDay()));
    }

    private void created(ServerResponse response, String location, String id, List<JsonObject> inside) {
        JsonObject block = found(id);
        Responses.created(response, location, JSON.createObjectBuilder(block).add("appointmentsInside", Responses.array(inside)).build());
    }

    /** Holidays are the admin's; a practitioner's block anyone at the desk may lift. */
    private void remove(ServerRequest request, ServerResponse response, boolean holiday) {
        CurrentUser user = holiday ? CurrentUser.require(request, Role.ADMIN) : CurrentUser.of(request);
        String id = Queries.id(request, holiday ? "holiday" : "agenda block");
        JsonObject block = found(id);
        if (!block.getString("kind").equals(holiday ? AgendaBlock.Kind.HOLIDAY.name() : AgendaBlock.Kind.BLOCK.name())) {
            throw ApiProblem.notFound("No " + (holiday ? "holiday" : "agenda block") + " with id " + id + ".");
        }
        writes.write(new Change(AgendaBlockEvents.REMOVED, id, user.username(), JSON.createObjectBuilder().build()));
        Responses.noContent(response);
    }

    private static void checkRange(LocalDate from, LocalDate to) {
        if (to.isBefore(from) || to.isAfter(from.plusDays(MAX_RANGE_DAYS))) {
            throw Queries.invalid("to", "date.out-of-range", "must be from " + from + " to " + MAX_RANGE_DAYS + " days after it");
        }
    }

    private JsonObject found(String id) {
        return blocks.find(id).orElseThrow(() -> ApiProblem.notFound("No agenda block with id " + id + "."));
    }
}
