package io.clinicnode.appliance.practitioner;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.http.FieldError;
import io.clinicnode.appliance.http.FieldReader;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PractitionerDataTest {
    private static final PractitionerData MONDAYS = new PractitionerData("Dra. Teste", null, List.of(
            new WorkingHours(DayOfWeek.MONDAY, LocalTime.of(13, 0), LocalTime.of(18, 0)),
            new WorkingHours(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(12, 0))), true);
    private static final LocalDateTime MONDAY = LocalDateTime.of(2030, 1, 7, 0, 0);

    @Test
    void worksOnlyWhenTheWholeAppointmentFitsInOneInterval() {
        assertThat(MONDAYS.works(MONDAY.withHour(8), MONDAY.withHour(12))).isTrue();
        assertThat(MONDAYS.works(MONDAY.withHour(17).withMinute(30), MONDAY.withHour(18))).isTrue();
        assertThat(MONDAYS.works(MONDAY.withHour(11).withMinute(30), MONDAY.withHour(13).withMinute(30))).isFalse();
        assertThat(MONDAYS.works(MONDAY.withHour(7).withMinute(55), MONDAY.withHour(8).withMinute(25))).isFalse();
        assertThat(MONDAYS.works(MONDAY.plusDays(1).withHour(9), MONDAY.plusDays(1).withHour(10))).isFalse();
    }

    @Test
    void neverWorksAcrossMidnight() {
        PractitionerData allDay = new PractitionerData("Dr. Noite", null, List.of(
                new WorkingHours(DayOfWeek.MONDAY, LocalTime.of(0, 0), LocalTime.of(23, 59)),
                new WorkingHours(DayOfWeek.TUESDAY, LocalTime.of(0, 0), LocalTime.of(23, 59))), true);

        assertThat(allDay.works(MONDAY.withHour(23).withMinute(30), MONDAY.plusDays(1).withMinute(30))).isFalse();
    }

    @Test
    void keepsHoursSortedByDayAndStartAndRoundTripsThroughJson() {
        assertThat(MONDAYS.workingHours()).extracting(WorkingHours::start).containsExactly(LocalTime.of(8, 0), LocalTime.of(13, 0));
        assertThat(PractitionerData.fromJson(MONDAYS.toJson())).isEqualTo(MONDAYS);
    }

    @Test
    void parseReportsEveryBadIntervalAtOnce() {
        JsonObject body = Json.createObjectBuilder().add("fullName", "Dr. Erros").add("workingHours", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("dayOfWeek", "MONDAY").add("start", "08:00:00").add("end", "12:00"))
                .add("not an object")
                .add(Json.createObjectBuilder().add("dayOfWeek", "SUNDAY").add("start", "10:00").add("end", "10:00"))).build();

        ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> PractitionerData.parse(new FieldReader(body)));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).extracting(FieldError::field)
                .containsExactly("workingHours[0].start", "workingHours[1]", "workingHours[2].end");
    }
}
