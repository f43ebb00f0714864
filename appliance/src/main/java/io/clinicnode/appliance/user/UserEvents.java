package io.clinicnode.appliance.user;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

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

/** Event types for users and how the projection applies them. */
public final class UserEvents {
    public static final String CREATED = "user.created";
    public static final String UPDATED = "user.updated";

    private UserEvents() {
    }

    public static void register(Projection projection) {
        projection.register(CREATED, UserEvents::created).register(UPDATED, UserEvents::updated);
    }

    /** Payload of a {@code user.created} event. */
    public static JsonObject createdPayload(String username, String displayName, String passwordHash, Set<Role> roles,
                                            String language) {
        JsonArrayBuilder roleArray = JSON.createArrayBuilder();
        roles.stream().map(Role::name).sorted().forEach(roleArray::add);
        return JSON.createObjectBuilder()
                .add("username", username)
                .add("displayName", displayName)
                .add("passwordHash", passwordHash)
                .add("roles", roleArray)
                .add("language", language)
                .build();
    }

    private static void created(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        String username = payload.getString("username");
        Optional<DbRow> existing = db.get("SELECT created_version FROM app_user WHERE username = ?", username);
        if (existing.isPresent()) {
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, "username", "A user named " + username + " already exists.",
                    "username.taken"));
            createdTwice(context, payload, username, Rows.text(existing.get(), "created_version"));
            return;
        }
        db.dml("INSERT INTO app_user (username, display_name, password_hash, roles, language, active, created_at, updated_at,"
                        + " created_version) VALUES (?, ?, ?, ?, ?, TRUE, ?, ?, ?)",
                username, payload.getString("displayName"), payload.getString("passwordHash"),
                UserDirectory.roles(roles(payload)), payload.getString("language"),
                context.at(), context.at(), context.creation());
    }

    /**
     * A second user with one username (made on both sides of a partition, say): the creation first by
     * {@code (hlc, origin)} is the user, the other is dropped and listed. If the first arrives second, it takes over
     * every field no update has set since.
     */
    private static void createdTwice(ApplyContext context, JsonObject payload, String username, String current) {
        DbExecute db = context.db();
        String loser = current;
        if (context.creation().compareTo(current) < 0) {
            db.dml("UPDATE app_user SET created_version = ?, created_at = ?,"
                            + " display_name = CASE WHEN display_name_version IS NULL THEN ? ELSE display_name END,"
                            + " password_hash = CASE WHEN password_version IS NULL THEN ? ELSE password_hash END,"
                            + " roles = CASE WHEN roles_version IS NULL THEN ? ELSE roles END,"
                            + " language = CASE WHEN language_version IS NULL THEN ? ELSE language END,"
                            + " active = CASE WHEN active_version IS NULL THEN TRUE ELSE active END WHERE username = ?",
                    context.creation(), context.at(), payload.getString("displayName"), payload.getString("passwordHash"),
                    UserDirectory.roles(roles(payload)), payload.getString("language"), username);
        } else {
            loser = context.creation();
        }
        context.lostCreation("DUPLICATE_USERNAME", username, loser, "User " + username
                + " was created on two nodes that could not reach each other; the one created first is kept and the other"
                + " dropped. Tell its owner to use the kept account's password, or change it.");
        db.dml("UPDATE app_user SET updated_at = GREATEST(updated_at, ?) WHERE username = ?", context.at(), username);
    }

    /** Each field is an aspect of its own: last writer wins per field, so two partial updates both stand. */
    private static void updated(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        String username = event.key();
        DbRow row = db.get("SELECT * FROM app_user WHERE username = ?", username)
                .orElseThrow(() -> new RejectedChange(RejectedChange.Reason.NOT_FOUND, null, "No user named " + username + ".",
                        "user.unknown"));
        refuseRemovingLastAdmin(context, payload, row);
        refuseUnknownPractitioner(context, payload);
        List<String> superseded = new ArrayList<>();
        for (Field field : FIELDS) {
            if (!payload.containsKey(field.json)) {
                continue;
            }
            if (context.newerThan(Rows.text(row, field.versionColumn()))) {
                db.dml("UPDATE app_user SET " + field.column + " = ?, " + field.versionColumn() + " = ? WHERE username = ?",
                        field.value(payload), context.version(), username);
            } else {
                superseded.add(field.json);
            }
        }
        if (!superseded.isEmpty()) {
            context.conflict("SUPERSEDED", "This change to user " + username + " (" + String.join(", ", superseded)
                    + ") was made on another node at the same time as a later one, which is kept.");
        }
        db.dml("UPDATE app_user SET updated_at = GREATEST(updated_at, ?) WHERE username = ?", context.at(), username);
    }

    /**
     * A change may not leave the clinic without an active admin: the last one keeps the ADMIN role and stays active
     * (409, code {@code last-admin}). Decided as the change is applied, where every change is ordered, so two admins
     * demoting each other at once cannot both succeed. A fact is applied all the same (each side of a partition may
     * have demoted a different admin), as every rule is for facts.
     */
    private static void refuseRemovingLastAdmin(ApplyContext context, JsonObject payload, DbRow row) {
        boolean removesAdmin = payload.containsKey("roles") && !roles(payload).contains(Role.ADMIN);
        boolean deactivates = payload.containsKey("active") && !payload.getBoolean("active");
        String username = Rows.text(row, "username");
        if (!(removesAdmin || deactivates) || !Rows.bool(row, "active")
                || !UserDirectory.roles(Rows.text(row, "roles")).contains(Role.ADMIN)) {
            return;
        }
        boolean anotherAdmin;
        try (Stream<DbRow> others = context.db().query("SELECT roles FROM app_user WHERE active = TRUE AND username <> ?", username)) {
            anotherAdmin = others.anyMatch(other -> UserDirectory.roles(Rows.text(other, "roles")).contains(Role.ADMIN));
        }
        if (!anotherAdmin) {
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, deactivates ? "active" : "roles",
                    "User " + username + " is the clinic's last active admin: give another active user the ADMIN role"
                            + " before " + (deactivates ? "deactivating " + username : "removing it from " + username) + ".",
                    "last-admin"));
        }
    }

    /** A login is linked to a practitioner that exists; a fact is applied all the same. */
    private static void refuseUnknownPractitioner(ApplyContext context, JsonObject payload) {
        if (!payload.containsKey("practitionerId") || payload.isNull("practitionerId")) {
            return;
        }
        String practitionerId = payload.getString("practitionerId");
        if (context.db().get("SELECT id FROM practitioner WHERE id = ?", practitionerId).isEmpty()) {
            context.breaks(new RejectedChange(RejectedChange.Reason.NOT_FOUND, "practitionerId",
                    "No practitioner with id " + practitionerId + ".", "practitioner.unknown"));
        }
    }

    private static final List<Field> FIELDS = List.of(
            new Field("displayName", "display_name", "display_name_version"),
            new Field("passwordHash", "password_hash", "password_version"),
            new Field("roles", "roles", "roles_version"),
            new Field("language", "language", "language_version"),
            new Field("active", "active", "active_version"),
            new Field("practitionerId", "practitioner_id", "practitioner_version"));

    /** A user field as in the event payload, its column and the column of its version. */
    private record Field(String json, String column, String versionColumn) {
        Object value(JsonObject payload) {
            return switch (json) {
                case "roles" -> UserDirectory.roles(roles(payload));
                case "active" -> payload.getBoolean("active");
                // null unlinks the login from its agenda column
                case "practitionerId" -> payload.isNull("practitionerId") ? null : payload.getString("practitionerId");
                default -> payload.getString(json);
            };
        }
    }

    private static Set<Role> roles(JsonObject payload) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        payload.getJsonArray("roles").getValuesAs(JsonString.class).forEach(role -> roles.add(Role.valueOf(role.getString())));
        return roles;
    }
}
