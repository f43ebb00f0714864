package io.clinicnode.appliance.patient;

import java.time.LocalDate;
import java.util.regex.Pattern;

import io.clinicnode.appliance.http.FieldReader;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * What the front desk records about a patient: validated input and the payload of patient events.
 */
public record PatientData(String fullName, LocalDate birthDate, Sex sex, String document, String phone,
                          String secondaryPhone, String email, Address address, Consents consents) {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ().-]{8,25}");
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);

    /** Sex as recorded for care. */
    public enum Sex {
        FEMALE, MALE, OTHER, UNDISCLOSED
    }

    public record Address(String line, String city, String state, String postalCode) {
    }

    /** What the patient agreed to: reminders by SMS, by e-mail, and processing of their data (LGPD/GDPR). */
    public record Consents(boolean sms, boolean email, boolean dataProcessing) {
    }

    /**
     * Validates a request body; every bad field is reported at once.
     *
     * @param country the clinic's country, which decides how {@code document} is checked
     * @param today   the clinic's current date (birth dates may not be after it)
     */
    public static PatientData parse(FieldReader fields, String country, LocalDate today) {
        String fullName = fields.requiredText("fullName", 200);
        if (fullName != null && SearchText.tokens(fullName).isEmpty()) {
            fields.error("fullName", "name.no-letters", "must contain letters");
        }
        LocalDate birthDate = fields.requiredDate("birthDate");
        if (birthDate != null && (birthDate.isAfter(today) || birthDate.isBefore(EARLIEST_BIRTH))) {
            fields.error("birthDate", "date.out-of-range", "must be between 1900-01-01 and today");
        }
        Sex sex = fields.optionalEnum("sex", Sex.class);
        String document = fields.optionalText("document", 40);
        if (document != null) {
            NationalDocument.problem(country, document)
                    .ifPresent(problem -> fields.error("document", problem.code(), problem.message()));
        }
        String phone = phone(fields, "phone");
        String secondaryPhone = phone(fields, "secondaryPhone");
        String email = fields.optionalText("email", 254);
        if (email != null && !EMAIL.matcher(email).matches()) {
            fields.error("email", "email.invalid", "is not an e-mail address");
        }
        Address[] address = {null};
        fields.optionalObject("address", nested -> address[0] = new Address(
                nested.optionalText("line", 200), nested.optionalText("city", 100),
                nested.optionalText("state", 50), nested.optionalText("postalCode", 20)));
        Consents[] consents = {new Consents(false, false, false)};
        fields.optionalObject("consents", nested -> consents[0] = new Consents(
                Boolean.TRUE.equals(nested.optionalBoolean("sms")),
                Boolean.TRUE.equals(nested.optionalBoolean("email")),
                Boolean.TRUE.equals(nested.optionalBoolean("dataProcessing"))));
        fields.throwIfInvalid();
        return new PatientData(fullName, birthDate, sex, document, phone, secondaryPhone, email, address[0], consents[0]);
    }

    private static String phone(FieldReader fields, String name) {
        String phone = fields.optionalText(name, 25);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            fields.error(name, "phone.invalid", "must be a phone number of 8 to 25 digits, spaces, dashes or brackets");
            return null;
        }
        return phone;
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("fullName", fullName)
                .add("birthDate", birthDate.toString());
        addOptional(json, "sex", sex == null ? null : sex.name());
        addOptional(json, "document", document);
        addOptional(json, "phone", phone);
        addOptional(json, "secondaryPhone", secondaryPhone);
        addOptional(json, "email", email);
        if (address != null) {
            JsonObjectBuilder addressJson = JSON.createObjectBuilder();
            addOptional(addressJson, "line", address.line());
            addOptional(addressJson, "city", address.city());
            addOptional(addressJson, "state", address.state());
            addOptional(addressJson, "postalCode", address.postalCode());
            json.add("address", addressJson);
        }
        json.add("consents", JSON.createObjectBuilder()
                .add("sms", consents.sms())
                .add("email", consents.email())
                .add("dataProcessing", consents.dataProcessing()));
        return json.build();
    }

    public static PatientData fromJson(JsonObject json) {
        JsonObject address = json.containsKey("address") ? json.getJsonObject("address") : null;
        JsonObject consents = json.getJsonObject("consents");
        return new PatientData(json.getString("fullName"), LocalDate.parse(json.getString("birthDate")),
                json.getString("sex", null) == null ? null : Sex.valueOf(json.getString("sex")),
                json.getString("document", null), json.getString("phone", null),
                json.getString("secondaryPhone", null), json.getString("email", null),
                address == null ? null : new Address(address.getString("line", null), address.getString("city", null),
                        address.getString("state", null), address.getString("postalCode", null)),
                new Consents(consents.getBoolean("sms"), consents.getBoolean("email"), consents.getBoolean("dataProcessing")));
    }

    static void addOptional(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        } else {
            json.add(name, JsonValue.NULL);
        }
    }
}
