package io.clinicnode.appliance.patient;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.clinicnode.appliance.audit.AuditTrail;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.ApplyContext;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * Patient event types and how the projection applies them. Each writes its audit entry in the same
 * transaction as the change (guarantee G10).
 */
public final class PatientEvents {
    public static final String REGISTERED = "patient.registered";
    public static final String UPDATED = "patient.updated";
    public static final String VIEWED = "patient.viewed";
    /** A search and the patients it showed; changes no data, only the audit trail. */
    public static final String SEARCHED = "patient.searched";
    static final String ENTITY = "patient";

    private final String country;

    public PatientEvents(String country) {
        this.country = country;
    }

    public void register(Projection projection) {
        projection.register(REGISTERED, this::registered)
                .register(UPDATED, this::updated)
                .register(VIEWED, PatientEvents::viewed)
                .register(SEARCHED, PatientEvents::searched);
    }

    private void registered(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        PatientData patient = PatientData.fromJson(payload);
        String documentKey = documentKey(patient);
        Optional<DbRow> existing = db.get("SELECT created_version, data_version FROM patient WHERE id = ?", event.key());
        if (existing.isPresent()) {
            // Only a change sent again after its leader died can bring an id twice; the earlier creation stands.
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, null, "A patient with id " + event.key() + " already exists.",
                    "id.duplicate"));
            registeredTwice(context, patient, documentKey, existing.get());
            return;
        }
        if (!context.isFact()) {
            refuseTakenDocument(db, documentKey, event.key());
        }
        db.dml("INSERT INTO patient (id, full_name, search_name, birth_date, sex, document, document_norm, phone, phone_rev,"
                        + " secondary_phone, secondary_rev, email, address_line, address_city, address_state, address_postal,"
                        + " consent_sms, consent_email, consent_data, created_at, updated_at, version_hlc, created_version)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                event.key(), patient.fullName(), searchName(patient), patient.birthDate(),
                patient.sex() == null ? null : patient.sex().name(), patient.document(), documentKey,
                patient.phone(), SearchText.reversedDigits(patient.phone()),
                patient.secondaryPhone(), SearchText.reversedDigits(patient.secondaryPhone()), patient.email(),
                address(patient).line(), address(patient).city(), address(patient).state(), address(patient).postalCode(),
                patient.consents().sms(), patient.consents().email(), patient.consents().dataProcessing(),
                context.at(), context.at(), event.hlc(), context.creation());
        settleDocument(db, documentKey);
        insertTokens(db, event.key(), patient.fullName());
        AuditTrail.record(context, "CREATE", ENTITY, event.key(), () -> null);
    }

    /**
     * A second creation of one patient id (a fact): the earlier creation by {@code (hlc, origin)} wins. If it arrives
     * second, it takes over the data as long as no update has replaced the data since.
     */
    private void registeredTwice(ApplyContext context, PatientData patient, String documentKey, DbRow existing) {
        DbExecute db = context.db();
        Event event = context.event();
        String current = Rows.text(existing, "created_version");
        String loser = current;
        if (context.creation().compareTo(current) < 0) {
            db.dml("UPDATE patient SET created_version = ?, created_at = ? WHERE id = ?", context.creation(), context.at(), event.key());
            if (Rows.text(existing, "data_version") == null) {
                writeData(db, event.key(), patient, documentKey, event.hlc(), null);
            }
        } else {
            loser = context.creation();
        }
        context.lostCreation("DUPLICATE_ID", event.key(), loser, "Patient " + event.key()
                + " was registered twice (a change sent again after its leader stopped); the earlier registration is kept.");
        touch(db, event.key(), context);
        AuditTrail.record(context, "CREATE", ENTITY, event.key(), () -> null);
    }

    private void updated(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        PatientData before = PatientQueries.data(db, event.key())
                .orElseThrow(() -> notFound(event.key()));
        PatientData patient = PatientData.fromJson(payload);
        String documentKey = documentKey(patient);
        if (!context.isFact()) {
            refuseTakenDocument(db, documentKey, event.key());
        }
        String dataVersion = db.get("SELECT data_version FROM patient WHERE id = ?", event.key())
                .map(row -> Rows.text(row, "data_version")).orElse(null);
        if (context.newerThan(dataVersion)) {
            writeData(db, event.key(), patient, documentKey, event.hlc(), context.version());
        } else {
            context.conflict("SUPERSEDED", "This change to patient " + event.key()
                    + " was made on another node at the same time as a later one, which is kept.");
        }
        touch(db, event.key(), context);
        AuditTrail.record(context, "UPDATE", ENTITY, event.key(), () -> "changed: " + String.join(", ", changedFields(before, patient)));
    }

    /** Replaces the patient's data (not its creation) and moves its document number's ownership as needed. */
    private void writeData(DbExecute db, String id, PatientData patient, String documentKey, long hlc, String dataVersion) {
        String previousKey = db.get("SELECT document_norm FROM patient WHERE id = ?", id)
                .map(row -> Rows.text(row, "document_norm")).orElse(null);
        PatientData.Address address = address(patient);
        db.dml("UPDATE patient SET full_name = ?, search_name = ?, birth_date = ?, sex = ?, document = ?, document_norm = ?,"
                        + " document_key = NULL, phone = ?, phone_rev = ?, secondary_phone = ?, secondary_rev = ?, email = ?,"
                        + " address_line = ?, address_city = ?, address_state = ?, address_postal = ?, consent_sms = ?,"
                        + " consent_email = ?, consent_data = ?, version_hlc = ?, data_version = ? WHERE id = ?",
                patient.fullName(), searchName(patient), patient.birthDate(),
                patient.sex() == null ? null : patient.sex().name(), patient.document(), documentKey,
                patient.phone(), SearchText.reversedDigits(patient.phone()),
                patient.secondaryPhone(), SearchText.reversedDigits(patient.secondaryPhone()), patient.email(),
                address.line(), address.city(), address.state(), address.postalCode(),
                patient.consents().sms(), patient.consents().email(), patient.consents().dataProcessing(),
                hlc, dataVersion, id);
        settleDocument(db, previousKey);
        settleDocument(db, documentKey);
        db.dml("DELETE FROM patient_name_token WHERE patient_id = ?", id);
        insertTokens(db, id, patient.fullName());
    }

    /** updated_at is the time of the latest event about the patient, whatever order they came in. */
    private static void touch(DbExecute db, String id, ApplyContext context) {
        db.dml("UPDATE patient SET updated_at = GREATEST(updated_at, ?) WHERE id = ?", context.at(), id);
    }

    /**
     * Gives document number {@code documentKey} to the patient registered first among those who have it (only a
     * partition can make two), so that who holds it does not depend on the order the registrations arrived in.
     */
    private static void settleDocument(DbExecute db, String documentKey) {
        if (documentKey == null) {
            return;
        }
        db.dml("UPDATE patient SET document_key = NULL WHERE document_key = ?", documentKey);
        db.dml("UPDATE patient SET document_key = ? WHERE id = (SELECT id FROM patient WHERE document_norm = ?"
                + " ORDER BY created_version, id LIMIT 1)", documentKey, documentKey);
    }

    private static PatientData.Address address(PatientData patient) {
        return patient.address() == null ? new PatientData.Address(null, null, null, null) : patient.address();
    }

    private static void viewed(Event event, JsonObject payload, ApplyContext context) {
        if (context.db().get("SELECT id FROM patient WHERE id = ?", event.key()).isEmpty()) {
            throw notFound(event.key());
        }
        AuditTrail.record(context, "VIEW", ENTITY, event.key(), () -> null);
    }

    /** Payload of {@code patient.searched}: the query as typed and the ids of the patients shown, in order. */
    public static JsonObject searchedPayload(String query, List<String> shown) {
        JsonArrayBuilder ids = JSON.createArrayBuilder();
        shown.forEach(ids::add);
        return JSON.createObjectBuilder().add("query", query).add("shown", ids).build();
    }

    /** Never refused: the patients were shown already; one of them unknown here (a partition) is still listed. */
    private static void searched(Event event, JsonObject payload, ApplyContext context) {
        AuditTrail.recordSearch(context, ENTITY, payload.getString("query"),
                payload.getJsonArray("shown").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
    }

    private String documentKey(PatientData patient) {
        return patient.document() == null ? null : NationalDocument.key(country, patient.document());
    }

    /** A change may not give a patient a document number another patient holds. */
    private static void refuseTakenDocument(DbExecute db, String documentKey, String patientId) {
        if (documentKey == null) {
            return;
        }
        db.get("SELECT id FROM patient WHERE document_key = ? AND id <> ?", documentKey, patientId).ifPresent(row -> {
            throw new RejectedChange(RejectedChange.Reason.CONFLICT, "document",
                    "Another patient already has this document number (patient " + Rows.text(row, "id") + ").", "document.taken");
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
        return new RejectedChange(RejectedChange.Reason.NOT_FOUND, null, "No patient with id " + id + ".", "patient.unknown");
    }
}
