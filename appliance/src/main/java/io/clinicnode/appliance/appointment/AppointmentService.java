package io.clinicnode.appliance.appointment;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.clinicnode.appliance.appointmenttype.AppointmentTypeQueries;
import io.clinicnode.appliance.config.FrontDeskSettings;
import io.clinicnode.appliance.hotread.HotReads;
import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.http.FieldReader;
import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.http.Queries;
import io.clinicnode.appliance.http.Responses;
import io.clinicnode.appliance.practitioner.PractitionerData;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.RejectedChange;
import io.clinicnode.appliance.write.ChangeWriter;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * {@code /api/appointments}: book (with a type), list by day or week, read, move, cancel, mark no-shows, confirm;
 * the "confirmar amanhã" list and the next free slot. Whether a slot is free
 * is decided by {@link AppointmentEvents} when the change is applied, never here.
 *
 * <p>Thread-safe.
 */
public final class AppointmentService implements HttpService {
    static final int MIN_MINUTES = 5;
    static final int MAX_MINUTES = 480;
    /**
     * Appointments are booked from this day on: earlier ones are typing mistakes (a year 0, a two-digit year), and
     * nothing of a clinic's agenda predates it.
     */
    static final LocalDate EARLIEST_DAY = LocalDate.of(2000, 1, 1);
    /** ... and up to this many years after the clinic's today. */
    static final int YEARS_AHEAD = 5;
    /** A month at most in one list (the week view asks for 7 days). */
    static final int MAX_DAYS_LISTED = 31;
    /** The slot length a free-slot search looks for when it is given neither a type nor a duration. */
    static final int DEFAULT_MINUTES = 30;

    private final ChangeWriter writes;
    private final AppointmentQueries queries;
    private final JsonBodies bodies;
    private final HotReads hot;
    private final Clock clinicClock;
    private final AppointmentTypeQueries types;
    private final FreeSlots slots;
    private final FrontDeskSettings frontDesk;
    private final AppointmentUndo undo;

    /**
     * @param undo what undoes a check-in (the waiting room's); the undo of a no-show or a cancellation is this package's
     */
    public AppointmentService(ChangeWriter writes, AppointmentQueries queries, JsonBodies bodies, HotReads hot, Clock clinicClock,
                              AppointmentTypeQueries types, FreeSlots slots, FrontDeskSettings frontDesk, AppointmentUndo undo) {
        this.writes = writes;
        this.queries = queries;
        this.bodies = bodies;
        this.hot = hot;
        this.clinicClock = clinicClock;
        this.types = types;
        this.slots = slots;
        this.frontDesk = frontDesk;
        this.undo = undo;
    }

    @Override
    public void routing(HttpRules rules) {
        // The named paths before "/{id}", which would take them for ids.
        rules.get("/", this::list)
                .post("/", this::book)
                .get("/confirmations", this::confirmations)
                .get("/next-free", this::nextFree)
                .get("/{id}", this::get)
                .patch("/{id}", this::change)
                .post("/{id}/undo", this::undo);
    }

    /** A day ({@code date}) or, for the week view, {@code days} days from {@code from}. */
    private void list(ServerRequest request, ServerResponse response) {
        CurrentUser.of(request);
        Optional<String> practitionerId = Queries.idParameter(request, "practitionerId");
        Optional<LocalDate> from = Queries.date(request, "from");
        if (from.isPresent()) {
            int days = Queries.integer(request, "days", 7, 1, MAX_DAYS_LISTED);
            Responses.items(response, queries.onDays(from.get(), days, practitionerId));
            return;
        }
        LocalDate date = Queries.date(request, "date")
                .orElseThrow(() -> Queries.invalid("date", "required", "is required, as YYYY-MM-DD (or from and days)"));
        // The whole day is what every desk reloads; one practitioner's day is cheap enough from H2.
        if (practitionerId.isEmpty()) {
            Responses.ok(response, hot.agenda(date, () -> Responses.itemsBody(queries.onDay(date, practitionerId))));
        } else {
            Responses.items(response, queries.onDay(date, practitionerId));
        }
    }

    /**
     * Books; with a {@code typeId}, {@code durationMinutes} may be left out and is the type's default (taken here and
     * written into the event, so every node books the same duration whatever the type says later).
     */
    private void book(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        FieldReader fields = new FieldReader(bodies.object(request));
        String patientId = id(fields, "patientId");
        String practitionerId = id(fields, "practitionerId");
        LocalDateTime start = start(fields, true);
        String typeId = fields.has("typeId") ? id(fields, "typeId") : null;
        Integer duration = typeId != null && !fields.has("durationMinutes") ? null
                : fields.requiredInt("durationMinutes", MIN_MINUTES, MAX_MINUTES);
        String notes = fields.optionalText("notes", 500);
        boolean squeezeIn = Boolean.TRUE.equals(fields.optionalBoolean("squeezeIn"));
        fields.throwIfInvalid();
        if (duration == null) {
            duration = typeDuration(typeId);
        }
        JsonObject payload = AppointmentEvents.bookedPayload(patientId, practitionerId, start, duration, notes, typeId);
        if (squeezeIn) {
            SqueezeIns.requireRole(user);
            payload = AppointmentEvents.squeezeInPayload(payload);
        }
        String id = UUID.randomUUID().toString();
        writes.write(new Change(AppointmentEvents.BOOKED, id, user.username(), payload));
        Responses.created(response, "/api/appointments/" + id, found(id));
    }

    private void get(ServerRequest request, ServerResponse response) {
        CurrentUser.of(request);
        Responses.ok(response, found(Queries.id(request, "appointment")));
    }

    /** One change per request: a move ({@code start} and/or {@code durationMinutes}) or a new {@code status}. */
    private void change(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        String id = Queries.id(request, "appointment");
        FieldReader fields = new FieldReader(bodies.object(request));
        boolean move = fields.has("start") || fields.has("durationMinutes");
        if (move && fields.has("status")) {
            fields.error("status", "appointment.one-change",
                    "cannot change together with start or durationMinutes; send one change at a time");
        } else if (!move && !fields.has("status")) {
            fields.error("status", "required", "is required, unless start or durationMinutes is sent to move the appointment");
        }
        LocalDateTime start = start(fields, false);
        Integer duration = fields.optionalInt("durationMinutes", MIN_MINUTES, MAX_MINUTES);
        AppointmentStatus status = fields.optionalEnum("status", AppointmentStatus.class);
        ConfirmationChannel channel = status == AppointmentStatus.CONFIRMED
                ? fields.requiredEnum("channel", ConfirmationChannel.class) : null;
        fields.throwIfInvalid();
        // No local look-up first: the appointment may have been booked through another node a moment ago and not be
        // here yet; the leader, which ordered the booking, refuses an unknown id (404) itself.
        if (move) {
            writes.write(new Change(AppointmentEvents.MOVED, id, user.username(), AppointmentEvents.movedPayload(start, duration)));
        } else if (status == AppointmentStatus.CONFIRMED) {
            writes.write(new Change(AppointmentEvents.CONFIRMED, id, user.username(), Confirmations.confirmedPayload(channel)));
        } else {
            JsonObject payload = status == AppointmentStatus.NO_SHOW
                    ? AppointmentEvents.noShowPayload(LocalDateTime.now(clinicClock).withSecond(0).withNano(0),
                            frontDesk.noShowGraceMinutes())
                    : JSON.createObjectBuilder().build();
            writes.write(new Change(statusEvent(status), id, user.username(), payload));
        }
        Responses.ok(response, found(id));
    }

    /**
     * {@code POST /api/appointments/{id}/undo}: undoes the appointment's last status change, on the day it was made: a
     * no-show or a cancellation (booked again, if its slot is still free) or a check-in (while the patient has not been
     * called yet). Read here, not at the leader: which undo it is depends on the status the desk saw.
     */
    private void undo(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        String id = Queries.id(request, "appointment");
        JsonObject appointment = found(id);
        AppointmentStatus status = AppointmentStatus.valueOf(appointment.getString("status"));
        switch (status) {
            case CANCELLED, NO_SHOW -> {
                LocalDateTime changedAt = queries.statusChangedAt(id).orElseThrow();
                LocalDate changedOn = changedAt.atZone(java.time.ZoneOffset.UTC).withZoneSameInstant(clinicClock.getZone()).toLocalDate();
                if (!changedOn.equals(LocalDate.now(clinicClock))) {
                    throw new RejectedChange(RejectedChange.Reason.CONFLICT, "status", "This " + (status == AppointmentStatus.NO_SHOW
                            ? "no-show" : "cancellation") + " was made on " + changedOn + "; it can only be undone the same day.",
                            "undo.too-late");
                }
                writes.write(new Change(AppointmentEvents.REOPENED, id, user.username(), JSON.createObjectBuilder().build()));
            }
            case CHECKED_IN -> undo.undoCheckIn(id, user);
            default -> throw new RejectedChange(RejectedChange.Reason.CONFLICT, "status", "This appointment is "
                    + status.words() + "; there is no no-show, cancellation or check-in to undo.", "undo.nothing");
        }
        Responses.ok(response, found(id));
    }

    private static String statusEvent(AppointmentStatus status) {
        return switch (status) {
            case CANCELLED -> AppointmentEvents.CANCELLED;
            case NO_SHOW -> AppointmentEvents.NO_SHOW;
            // Back to BOOKED takes a confirmation back (the projection refuses it unless the appointment is CONFIRMED).
            case BOOKED -> AppointmentEvents.UNCONFIRMED;
            case CONFIRMED -> AppointmentEvents.CONFIRMED;
            case CHECKED_IN, COMPLETED -> throw new RejectedChange(RejectedChange.Reason.CONFLICT, "status",
                    "An appointment cannot be set to " + status.name() + " directly: it is CHECKED_IN by a"
                            + " check-in (POST /api/checkins) and COMPLETED when its visit is marked DONE in the waiting room.",
                    "status.not-settable");
        };
    }

    /**
     * The "confirmar amanhã" list ({@code date}, tomorrow by default): the day's booked and confirmed appointments with
     * the patients' phone numbers. Shows patient data, so each view is journaled and audited before the answer goes back.
     */
    private void confirmations(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        LocalDate date = Queries.date(request, "date").orElse(LocalDate.now(clinicClock).plusDays(1));
        List<JsonObject> items = queries.forConfirmation(date);
        writes.write(new Change(AppointmentEvents.CONFIRMATIONS_VIEWED, UUID.randomUUID().toString(), user.username(),
                Confirmations.viewedPayload(date.toString(), items.stream().map(item -> item.getString("patientId")).distinct().toList())));
        Responses.ok(response, JSON.createObjectBuilder().add("date", date.toString()).add("items", Responses.array(items)).build());
    }

    /**
     * "Próximo horário livre": the practitioner's first free slot from {@code after} (now by default) for a type's
     * duration ({@code typeId}) or {@code durationMinutes} (30 by default).
     */
    private void nextFree(ServerRequest request, ServerResponse response) {
        CurrentUser.of(request);
        String practitionerId = Queries.idParameter(request, "practitionerId")
                .orElseThrow(() -> Queries.invalid("practitionerId", "required", "is required"));
        Optional<String> typeId = Queries.idParameter(request, "typeId");
        int minutes = typeId.isPresent() && Queries.text(request, "durationMinutes", 3).isEmpty() ? typeDuration(typeId.get())
                : Queries.integer(request, "durationMinutes", DEFAULT_MINUTES, MIN_MINUTES, MAX_MINUTES);
        LocalDateTime now = LocalDateTime.now(clinicClock);
        LocalDateTime after = Queries.text(request, "after", 16).map(text -> {
            try {
                return LocalDateTime.parse(text);
            } catch (DateTimeParseException e) {
                throw Queries.invalid("after", "datetime.invalid", "must be a date and time as YYYY-MM-DDTHH:MM");
            }
        }).filter(time -> time.isAfter(now)).orElse(now);
        PractitionerData practitioner = slots.practitioner(practitionerId).orElseThrow(() -> new RejectedChange(
                RejectedChange.Reason.NOT_FOUND, "practitionerId", "No practitioner with id " + practitionerId + ".", "practitioner.unknown"));
        LocalDateTime start = slots.find(practitionerId, practitioner, minutes, after).orElseThrow(() -> new RejectedChange(
                RejectedChange.Reason.NOT_FOUND, "practitionerId", practitioner.fullName() + " has no free " + minutes
                + "-minute slot in the " + NextFreeSlot.HORIZON_DAYS + " days from " + after.toLocalDate() + ".", "slot.none-free"));
        JsonObjectBuilder slot = JSON.createObjectBuilder()
                .add("practitionerId", practitionerId)
                .add("practitionerName", practitioner.fullName())
                .add("start", start.toString())
                .add("end", start.plusMinutes(minutes).toString())
                .add("durationMinutes", minutes);
        typeId.ifPresent(type -> slot.add("typeId", type));
        Responses.ok(response, slot.build());
    }

    /** The default duration of type {@code typeId}; 404 naming {@code typeId} when there is no such type. */
    private int typeDuration(String typeId) {
        return types.find(typeId).map(type -> type.getInt("durationMinutes")).orElseThrow(() -> new RejectedChange(
                RejectedChange.Reason.NOT_FOUND, "typeId", "No appointment type with id " + typeId + ".", "appointment-type.unknown"));
    }

    /** A record id field: ids that name no record are refused by the change itself, naming the field (404). */
    private static String id(FieldReader fields, String name) {
        String id = fields.requiredText(name, 36);
        return id == null ? null : id.toLowerCase(Locale.ROOT);
    }

    private LocalDateTime start(FieldReader fields, boolean required) {
        LocalDateTime start = required ? fields.requiredDateTime("start") : fields.optionalDateTime("start");
        if (start != null && (start.getSecond() != 0 || start.getNano() != 0)) {
            fields.error("start", "datetime.whole-minute", "must be on a whole minute, as YYYY-MM-DDTHH:MM");
            return null;
        }
        LocalDate latest = LocalDate.now(clinicClock).plusYears(YEARS_AHEAD);
        if (start != null && (start.toLocalDate().isBefore(EARLIEST_DAY) || start.toLocalDate().isAfter(latest))) {
            fields.error("start", "date.out-of-range",
                    "must be a day from " + EARLIEST_DAY + " to " + latest + " (" + YEARS_AHEAD + " years from today)");
            return null;
        }
        return start;
    }

    private JsonObject found(String id) {
        return queries.find(id).orElseThrow(() -> ApiProblem.notFound("No appointment with id " + id + "."));
    }
}
