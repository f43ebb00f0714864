package io.clinicnode.appliance.testing;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/** Creates the records tests book against, through the API, each with a name of its own. */
public final class TestClinic {
    /** The password of every user {@link #frontDesk} creates. */
    public static final String DESK_PASSWORD = "desk-secret-1";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestClinic() {
    }

    /** A Monday at least a week ahead: a day in the future that {@link #practitioner} works. */
    public static LocalDate futureMonday() {
        return LocalDate.now().with(TemporalAdjusters.next(DayOfWeek.MONDAY)).plusWeeks(1);
    }

    /** Registers (as {@code admin}) a practitioner working Monday to Friday 08:00-12:00 and 13:00-18:00. */
    public static String practitioner(ApiClient admin, String name) {
        JsonArrayBuilder hours = Json.createArrayBuilder();
        for (DayOfWeek day : new DayOfWeek[] {DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY}) {
            hours.add(hours(day, "08:00", "12:00")).add(hours(day, "13:00", "18:00"));
        }
        return created(admin.post("/api/practitioners", Json.createObjectBuilder()
                .add("fullName", name).add("specialty", "Clínica geral").add("workingHours", hours).build()));
    }

    /** Registers a practitioner who works every day from 00:00 to 23:59, for tests about "today". */
    public static String alwaysWorkingPractitioner(ApiClient admin, String name) {
        JsonArrayBuilder hours = Json.createArrayBuilder();
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.add(hours(day, "00:00", "23:59"));
        }
        return created(admin.post("/api/practitioners", Json.createObjectBuilder()
                .add("fullName", name).add("workingHours", hours).build()));
    }

    public static JsonObject hours(DayOfWeek day, String start, String end) {
        return Json.createObjectBuilder().add("dayOfWeek", day.name()).add("start", start).add("end", end).build();
    }

    /** Creates (as {@code admin}) an appointment type and returns its id. */
    public static String appointmentType(ApiClient admin, String name, int minutes, String color) {
        return created(admin.post("/api/appointment-types", Json.createObjectBuilder().add("name", name)
                .add("durationMinutes", minutes).add("color", color).build()));
    }

    /** Registers a patient with a unique name and returns its id. */
    public static String patient(ApiClient desk) {
        return created(desk.post("/api/patients", Json.createObjectBuilder()
                .add("fullName", "Paciente Teste " + letters(COUNTER.incrementAndGet())).add("birthDate", "1980-05-05").build()));
    }

    public static JsonObject booking(String patientId, String practitionerId, String start, int minutes) {
        return Json.createObjectBuilder().add("patientId", patientId).add("practitionerId", practitionerId)
                .add("start", start).add("durationMinutes", minutes).build();
    }

    /** Books and returns the new appointment's id; fails the test unless the booking is accepted. */
    public static String book(ApiClient desk, String patientId, String practitionerId, String start, int minutes) {
        return created(desk.post("/api/appointments", booking(patientId, practitionerId, start, minutes)));
    }

    /** Creates a user with only the front-desk role (as {@code admin}) and returns a client logged in as them. */
    public static ApiClient frontDesk(ApiClient admin, String username) {
        ApiClient.Response created = admin.post("/api/users", Json.createObjectBuilder().add("username", username)
                .add("displayName", "Front desk " + username).add("password", DESK_PASSWORD)
                .add("roles", Json.createArrayBuilder().add("FRONT_DESK")).build());
        if (created.status() != 201) {
            throw new AssertionError("creating user " + username + " failed: " + created);
        }
        return admin.withToken(null).login(username, DESK_PASSWORD);
    }

    /** The first field named in a problem response. */
    public static String firstErrorField(ApiClient.Response problem) {
        return problem.json().getJsonArray("errors").getJsonObject(0).getString("field");
    }

    /** The stable code of the first field error in a problem response. */
    public static String firstErrorCode(ApiClient.Response problem) {
        return problem.json().getJsonArray("errors").getJsonObject(0).getString("code");
    }

    /** Each field error of a problem response as field → code, in the order given. */
    public static Map<String, String> errorCodes(ApiClient.Response problem) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (JsonObject error : problem.json().getJsonArray("errors").getValuesAs(JsonObject.class)) {
            codes.put(error.getString("field"), error.getString("code"));
        }
        return codes;
    }

    /** The id of a created record; fails the test unless the answer is 201. */
    public static String created(ApiClient.Response response) {
        if (response.status() != 201) {
            throw new AssertionError("expected 201 Created: " + response);
        }
        return response.json().getString("id");
    }

    /** 1 → "b", 27 → "bb": names made of letters, since patient names must contain letters and digits are searched apart. */
    private static String letters(int number) {
        StringBuilder text = new StringBuilder();
        for (int rest = number; rest > 0; rest /= 26) {
            text.append((char) ('a' + rest % 26));
        }
        return text.toString();
    }
}
