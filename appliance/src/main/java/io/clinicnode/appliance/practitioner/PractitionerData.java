package io.clinicnode.appliance.practitioner;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import io.clinicnode.appliance.http.FieldReader;
import io.clinicnode.appliance.json.JsonFields;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * What the clinic records about a practitioner: validated input and the payload of practitioner events. Immutable.
 *
 * @param workingHours weekly hours, sorted by day and start; empty when the practitioner has none (yet)
 * @param active       whether the practitioner takes appointments; null on a request that did not say, which
 *                     means "active" for a new practitioner and "unchanged" for an update
 */
public record PractitionerData(String fullName, String specialty, List<WorkingHours> workingHours, Boolean active) {
    /** Seven days of several intervals each is plenty; more is a client bug. */
    static final int MAX_INTERVALS = 70;
    private static final Pattern HOUR_MINUTE = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final Comparator<WorkingHours> BY_DAY_AND_START =
            Comparator.comparing(WorkingHours::dayOfWeek).thenComparing(WorkingHours::start);

    public PractitionerData {
        workingHours = workingHours.stream().sorted(BY_DAY_AND_START).toList();
    }

    /** Validates a request body; every bad field is reported at once. */
    public static PractitionerData parse(FieldReader fields) {
        String fullName = fields.requiredText("fullName", 200);
        String specialty = fields.optionalText("specialty", 100);
        List<WorkingHours> hours = new ArrayList<>();
        int count = fields.requiredObjectArray("workingHours", item -> hours.add(interval(item)));
        if (count > MAX_INTERVALS) {
            fields.error("workingHours", "hours.too-many", "must have at most " + MAX_INTERVALS + " intervals");
        }
        // Overlaps are only checked when every element was read, so that positions match the request.
        if (hours.size() == count && !hours.contains(null)) {
            refuseOverlaps(fields, hours);
        }
        Boolean active = fields.optionalBoolean("active");
        fields.throwIfInvalid();
        return new PractitionerData(fullName, specialty, hours, active);
    }

    /** One working interval, or null when any part of it is invalid (the reader then holds the errors). */
    private static WorkingHours interval(FieldReader item) {
        DayOfWeek day = item.requiredEnum("dayOfWeek", DayOfWeek.class);
        LocalTime start = hourMinute(item, "start");
        LocalTime end = hourMinute(item, "end");
        if (start != null && end != null && !start.isBefore(end)) {
            item.error("end", "hours.end-before-start", "must be after start (" + start + ")");
            return null;
        }
        return day == null || start == null || end == null ? null : new WorkingHours(day, start, end);
    }

    private static LocalTime hourMinute(FieldReader item, String name) {
        String text = item.requiredText(name, 8);
        if (text == null) {
            return null;
        }
        if (!HOUR_MINUTE.matcher(text).matches()) {
            item.error(name, "time.invalid", "must be a time as HH:MM, from 00:00 to 23:59");
            return null;
        }
        return LocalTime.parse(text);
    }

    private static void refuseOverlaps(FieldReader fields, List<WorkingHours> hours) {
        for (int later = 1; later < hours.size(); later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                WorkingHours other = hours.get(earlier);
                if (hours.get(later).overlaps(other)) {
                    fields.error("workingHours[" + later + "]", "hours.overlap", "overlaps " + other.dayOfWeek() + " " + other.label()
                            + " (workingHours[" + earlier + "]); intervals of the same day must not overlap");
                    break;
                }
            }
        }
    }

    /** The intervals on {@code day}, earliest first. */
    public List<WorkingHours> hoursOn(DayOfWeek day) {
        return workingHours.stream().filter(hours -> hours.dayOfWeek() == day).toList();
    }

    /** Whether {@code [start, end)} fits inside one working interval of its day. */
    public boolean works(LocalDateTime start, LocalDateTime end) {
        return start.toLocalDate().equals(end.toLocalDate())
                && hoursOn(start.getDayOfWeek()).stream().anyMatch(hours -> hours.covers(start.toLocalTime(), end.toLocalTime()));
    }

    /** This data with {@code active} decided: a null {@code active} becomes {@code otherwise}. */
    public PractitionerData activeOr(boolean otherwise) {
        return active != null ? this : new PractitionerData(fullName, specialty, workingHours, otherwise);
    }

    public JsonObject toJson() {
        JsonArrayBuilder hours = JSON.createArrayBuilder();
        workingHours.forEach(interval -> hours.add(JSON.createObjectBuilder()
                .add("dayOfWeek", interval.dayOfWeek().name())
                .add("start", interval.start().toString())
                .add("end", interval.end().toString())));
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("fullName", fullName)
                .add("specialty", JsonFields.text(specialty))
                .add("workingHours", hours);
        if (active != null) {
            json.add("active", active);
        }
        return json.build();
    }

    public static PractitionerData fromJson(JsonObject json) {
        List<WorkingHours> hours = json.getJsonArray("workingHours").getValuesAs(JsonObject.class).stream()
                .map(interval -> new WorkingHours(DayOfWeek.valueOf(interval.getString("dayOfWeek")),
                        LocalTime.parse(interval.getString("start")), LocalTime.parse(interval.getString("end"))))
                .toList();
        Boolean active = json.containsKey("active") ? json.getBoolean("active") : null;
        return new PractitionerData(json.getString("fullName"), json.getString("specialty", null), hours, active);
    }
}
