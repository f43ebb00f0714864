package io.clinicnode.appliance.patient;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.clinicnode.appliance.audit.AuditTrail;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonObject;

/**
 * Patient event types and how the projection applies them. Each writes its audit entry in the same
 * transaction as the change (guarantee G10).
 */
public final class PatientEvents {
    public static final String REGISTERED = "patient.registered";
    public static final String UPDATED = "patient.updated";
    public static final String VIEWED = "patient.viewed";
    static final String ENTITY = "patient";

    private final String country;

    public PatientEvents(String country) {
        this.country = country;
    }

    public void register(Projection projection) {
        projection.register(REGISTERED, this::registered)
                .register(UPDATED, this::updated)
                .register(VIEWED, PatientEvents::viewed);
    }

    private void registered(Event event, JsonObject payload, DbExecute db) {
        if (PatientQueries.name(db, event.key()).isPresent()) {
            // Only a change sent again after its leader died can bring an id twice; the first one stands.
            throw new RejectedChange(RejectedChange.Reason.CONFLICT, null, "A patient with id " + event.key() + " already exists.");
        }
        PatientData patient = PatientData.fromJson(payload);
        String documentKey = documentKey(patient);
        refuseTakenDocument(db, documentKey, event.key());
        PatientData.Address address = patient.address() == null ? new PatientData.Address(null, null, null, null) : patient.address();
        db.dml("INSERT INTO patient (id, full_name, search_name, birth_date, sex, document, document_key, phone, phone_rev,"
                        + " secondary_phone, secondary_rev, email, address_line, address_city, address_state, address_postal,"
                        + " consent_sms, consent_email, consent_data, created_at, updated_at, version_hlc)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                event.key(), patient.fullName(), searchName(patient), patient.birthDate(),
                patient.sex() == null ? null : patient.sex().name(), patient.document(), documentKey,
                patient.phone(), SearchText.reversedDigits(patient.phone()),
                patient.secondaryPhone(), SearchText.reversedDigits(patient.secondaryPhone()), patient.email(),
                address.line(), address.city(), address.state(), address.postalCode(),
                patient.consents().sms(), patient.consents().email(), patient.consents().dataProcessing(),
                Rows.utc(event.at()), Rows.utc(event.at()), event.hlc());
        insertTokens(db, event.key(), patient.fullName());
        AuditTrail.record(db, event, "CREATE", ENTITY, event.key(), null);
    }

    private void updated(Event event, JsonObject payload, DbExecute db) {
        PatientData before = PatientQueries.data(db, event.key())
                .orElseThrow(() -> notFound(event.key()));
        PatientData patient = PatientData.fromJson(payload);
        String documentKey = documentKey(patient);
        refuseTakenDocument(db, documentKey, event.key());
        PatientData.Address address = patient.address() == null ? new PatientData.Address(null, null, null, null) : patient.address();
        db.dml("UPDATE patient SET full_name = ?, search_name = ?, birth_date = ?, sex = ?, document = ?, document_key = ?,"
                        + " phone = ?, phone_rev = ?, secondary_phone = ?, secondary_rev = ?, email = ?, address_line = ?,"
                        + " address_city = ?, address_state = ?, address_postal = ?, consent_sms = ?, consent_email = ?,"
                        + " consent_data = ?, updated_at = ?, version_hlc = ? WHERE id = ?",
                patient.fullName(), searchName(patient), patient.birthDate(),
                patient.sex() == null ? null : patient.sex().name(), patient.document(), documentKey,
                patient.phone(), SearchText.reversedDigits(patient.phone()),
                patient.secondaryPhone(), SearchText.reversedDigits(patient.secondaryPhone()), patient.email(),
                address.line(), address.city(), address.state(), address.postalCode(),
                patient.consents().sms(), patient.consents().email(), patient.consents().dataProcessing(),
                Rows.utc(event.at()), event.hlc(), event.key());
        if (!before.fullName().equals(patient.fullName())) {
            db.dml("DELETE FROM patient_name_token WHERE patient_id = ?", event.key());
            insertTokens(db, event.key(), patient.fullName());
        }
        AuditTrail.record(db, event, "UPDATE", ENTITY, event.key(), "changed: " + String.join(", ", changedFields(before, patient)));
    }

    private static void viewed(Event event, JsonObject payload, DbExecute db) {
        if (db.get("SELECT id FROM patient WHERE id = ?", event.key()).isEmpty()) {
            throw notFound(event.key());
        }
        AuditTrail.record(db, event, "VIEW", ENTITY, event.key(), null);
    }

    private String documentKey(PatientData patient) {
        return patient.document() == null ? null : NationalDocument.key(country, patient.document());
    }

    private static void refuseTakenDocument(DbExecute db, String documentKey, String patientId) {
        if (documentKey == null) {
            return;
        }
        db.get("SELECT id FROM patient WHERE document_key = ? AND id <> ?", documentKey, patientId).ifPresent(row -> {
            throw new RejectedChange(RejectedChange.Reason.CONFLICT, "document",
                    "Another patient already has this document number (patient " + Rows.text(row, "id") + ").");
        });
    }

    private static void insertTokens(DbExecute db, String patientId, String fullName) {
        for (String token : SearchText.tokens(fullName)) {
            db.dml("INSERT INTO patient_name_token (token, patient_id) VALUES (?, ?)", token, patientId);
        }
    }

    /** Leading space so that "prefix of any name part" is {@code LIKE '% part%'} for every part. */
    static String searchName(PatientData patient) {
        return " " + SearchText.normalize(patient.fullName());
    }

    private static List<String> changedFields(PatientData before, PatientData after) {
        List<String> changed = new ArrayList<>();
        compare(changed, "fullName", before.fullName(), after.fullName());
        compare(changed, "birthDate", before.birthDate(), after.birthDate());
        compare(changed, "sex", before.sex(), after.sex());
        compare(changed, "document", before.document(), after.document());
        compare(changed, "phone", before.phone(), after.phone());
        compare(changed, "secondaryPhone", before.secondaryPhone(), after.secondaryPhone());
        compare(changed, "email", before.email(), after.email());
        compare(changed, "address", before.address(), after.address());
        compare(changed, "consents", before.consents(), after.consents());
        return changed;
    }

    private static void compare(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    private static RejectedChange notFound(String id) {
        return new RejectedChange(RejectedChange.Reason.NOT_FOUND, null, "No patient with id " + id + ".");
    }
}
