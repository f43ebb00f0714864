package io.clinicnode.appliance.patient;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * Reads patients from the projection, and finds them by name, birth date, document number or phone.
 *
 * <p>Name search matches a prefix of any name part, accent- and case-insensitively, with the parts of the
 * query in any order: the longest query part drives an index range scan over {@code patient_name_token}
 * and the other parts filter the candidates, so the work is bounded by the result limit, not by the number
 * of patients.
 *
 * <p>Thread-safe.
 */
public final class PatientQueries {
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern LOCAL_DATE = Pattern.compile("\\d{2}/\\d{2}/\\d{4}");
    private static final Pattern NUMBER_LIKE = Pattern.compile("[0-9 ().+/-]+");
    private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("dd/MM/uuuu");

    private final DbClient db;

    public PatientQueries(DbClient db) {
        this.db = db;
    }

    public Optional<JsonObject> find(String id) {
        return db.execute().get("SELECT * FROM patient WHERE id = ?", id).map(PatientQueries::json);
    }

    /**
     * Up to {@code limit} patients matching {@code query} (see the class comment for what matches), each as a search
     * result shows it: what identifies the patient, never the whole record ({@link #summary}).
     */
    public List<JsonObject> search(String query, int limit) {
        String text = query.strip();
        Optional<LocalDate> date = date(text);
        if (date.isPresent()) {
            try (Stream<DbRow> rows = db.execute().query("SELECT * FROM patient WHERE birth_date = ? ORDER BY search_name LIMIT ?",
                    date.get(), limit)) {
                return rows.map(row -> summary(row, null)).toList();
            }
        }
        String digits = SearchText.digits(text);
        if (NUMBER_LIKE.matcher(text).matches() && digits.length() >= 3) {
            return byNumber(digits, limit);
        }
        return byName(SearchText.tokens(text), limit);
    }

    private List<JsonObject> byName(List<String> parts, int limit) {
        if (parts.isEmpty()) {
            return List.of();
        }
        String driver = parts.stream().max(Comparator.comparingInt(String::length)).orElseThrow();
        // Candidates come from the token index alone: the driver's range in index order, each other part
        // checked by an index lookup on the candidate's own tokens. Patient rows are read only for the
        // (at most limit) patients found, never for the candidates passed over.
        StringBuilder sql = new StringBuilder("SELECT t.patient_id FROM patient_name_token t WHERE t.token >= ? AND t.token < ?");
        List<Object> params = new ArrayList<>(List.of(driver, prefixEnd(driver)));
        for (String part : parts) {
            if (!part.equals(driver)) {
                sql.append(" AND EXISTS (SELECT 1 FROM patient_name_token o WHERE o.patient_id = t.patient_id"
                        + " AND o.token >= ? AND o.token < ?)");
                params.add(part);
                params.add(prefixEnd(part));
            }
        }
        // One patient can match through two of its name parts; ask for more rows and keep each once.
        sql.append(" ORDER BY t.token, t.patient_id LIMIT ?");
        params.add(limit * 3);
        Set<String> ids = new LinkedHashSet<>();
        try (Stream<DbRow> rows = db.execute().query(sql.toString(), params.toArray())) {
            rows.takeWhile(row -> ids.size() < limit).forEach(row -> ids.add(Rows.text(row, "patient_id")));
        }
        DbExecute execute = db.execute();
        return ids.stream().map(id -> execute.get("SELECT * FROM patient WHERE id = ?", id).map(row -> summary(row, null)))
                .flatMap(Optional::stream).toList();
    }

    private List<JsonObject> byNumber(String digits, int limit) {
        String reversed = new StringBuilder(digits).reverse().toString();
        DbExecute execute = db.execute();
        Map<String, JsonObject> found = new LinkedHashMap<>();
        // One query at a time, each stream closed before the next: a DbClient stream holds a pooled
        // connection until it is closed, and an unconsumed one would never give it back.
        collect(found, limit, digits, execute.query("SELECT * FROM patient WHERE document_norm >= ? AND document_norm < ?"
                + " ORDER BY document_norm LIMIT ?", digits, prefixEnd(digits), limit));
        collect(found, limit, null, execute.query("SELECT * FROM patient WHERE phone_rev >= ? AND phone_rev < ?"
                + " ORDER BY phone_rev LIMIT ?", reversed, prefixEnd(reversed), limit));
        collect(found, limit, null, execute.query("SELECT * FROM patient WHERE secondary_rev >= ? AND secondary_rev < ?"
                + " ORDER BY secondary_rev LIMIT ?", reversed, prefixEnd(reversed), limit));
        return List.copyOf(found.values());
    }

    /**
     * The least string greater than every string starting with {@code prefix} (prefixes here are ASCII
     * letters and digits). Prefix searches are written as {@code column >= prefix AND column < end}:
     * H2 turns a {@code LIKE ?} whose pattern is a parameter into a scan, but a range into an index seek.
     */
    static String prefixEnd(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }

    /**
     * Adds each row's patient once until {@code limit} are found, and always closes {@code rows}. {@code document} is
     * the searched document number when the rows were found by it.
     */
    private static void collect(Map<String, JsonObject> found, int limit, String document, Stream<DbRow> rows) {
        try (rows) {
            rows.takeWhile(row -> found.size() < limit)
                    .forEach(row -> found.putIfAbsent(Rows.text(row, "id"), summary(row, document)));
        }
    }

    private static Optional<LocalDate> date(String text) {
        try {
            if (ISO_DATE.matcher(text).matches()) {
                return Optional.of(LocalDate.parse(text));
            }
            if (LOCAL_DATE.matcher(text).matches()) {
                return Optional.of(LocalDate.parse(text, DAY_MONTH_YEAR));
            }
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The stored data of patient {@code id}, read inside the caller's transaction. */
    static Optional<PatientData> data(DbExecute db, String id) {
        return db.get("SELECT * FROM patient WHERE id = ?", id).map(PatientQueries::data);
    }

    /** The full name of patient {@code id}, read inside the caller's transaction; empty when there is none. */
    public static Optional<String> name(DbExecute db, String id) {
        return db.get("SELECT full_name FROM patient WHERE id = ?", id).map(row -> Rows.text(row, "full_name"));
    }

    private static PatientData data(DbRow row) {
        String sex = Rows.text(row, "sex");
        PatientData.Address address = new PatientData.Address(Rows.text(row, "address_line"), Rows.text(row, "address_city"),
                Rows.text(row, "address_state"), Rows.text(row, "address_postal"));
        boolean noAddress = address.line() == null && address.city() == null && address.state() == null
                && address.postalCode() == null;
        return new PatientData(Rows.text(row, "full_name"), Rows.date(row, "birth_date"),
                sex == null ? null : PatientData.Sex.valueOf(sex), Rows.text(row, "document"), Rows.text(row, "phone"),
                Rows.text(row, "secondary_phone"), Rows.text(row, "email"), noAddress ? null : address,
                new PatientData.Consents(Rows.bool(row, "consent_sms"), Rows.bool(row, "consent_email"),
                        Rows.bool(row, "consent_data")));
    }

    /**
     * A patient as a search result: id, name, birth date, the document masked ({@link NationalDocument#masked}) and the
     * last four digits of the phone. The rest is read with {@link #find}, which is audited as a view. {@code documentMatches}
     * is there when the result was found by its whole document number ({@code searchedDocument}), so that a desk can
     * tell a duplicate registration without seeing the number.
     */
    private static JsonObject summary(DbRow row, String searchedDocument) {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("id", Rows.text(row, "id"))
                .add("fullName", Rows.text(row, "full_name"))
                .add("birthDate", Rows.date(row, "birth_date").toString());
        String document = Rows.text(row, "document");
        if (document != null) {
            json.add("document", NationalDocument.masked(document));
            if (searchedDocument != null && searchedDocument.equals(Rows.text(row, "document_norm"))) {
                json.add("documentMatches", true);
            }
        }
        String phoneDigits = SearchText.digits(Rows.text(row, "phone") == null ? "" : Rows.text(row, "phone"));
        if (!phoneDigits.isEmpty()) {
            json.add("phone", "\u2026" + phoneDigits.substring(Math.max(0, phoneDigits.length() - 4)));
        }
        return json.build();
    }

    static JsonObject json(DbRow row) {
        JsonObject data = data(row).toJson();
        return JSON.createObjectBuilder()
                .add("id", Rows.text(row, "id"))
                .addAll(JSON.createObjectBuilder(data))
                .add("createdAt", Rows.instant(row, "created_at").toString())
                .add("updatedAt", Rows.instant(row, "updated_at").toString())
                .build();
    }
}
