package io.clinicnode.appliance.user;

import java.util.EnumSet;
import java.util.Set;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import static io.clinicnode.appliance.http.JsonSupport.JSON;

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

    private static void created(Event event, JsonObject payload, DbExecute db) {
        String username = payload.getString("username");
        if (db.get("SELECT username FROM app_user WHERE username = ?", username).isPresent()) {
            throw new RejectedChange(RejectedChange.Reason.CONFLICT, "username", "A user named " + username + " already exists.");
        }
        db.dml("INSERT INTO app_user (username, display_name, password_hash, roles, language, active, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, TRUE, ?, ?)",
                username, payload.getString("displayName"), payload.getString("passwordHash"),
                UserDirectory.roles(roles(payload)), payload.getString("language"),
                Rows.utc(event.at()), Rows.utc(event.at()));
    }

    private static void updated(Event event, JsonObject payload, DbExecute db) {
        String username = event.key();
        User user = db.get("SELECT * FROM app_user WHERE username = ?", username).map(UserDirectory::user)
                .orElseThrow(() -> new RejectedChange(RejectedChange.Reason.NOT_FOUND, null, "No user named " + username + "."));
        db.dml("UPDATE app_user SET display_name = ?, password_hash = ?, roles = ?, language = ?, active = ?, updated_at = ?"
                        + " WHERE username = ?",
                payload.getString("displayName", user.displayName()),
                payload.getString("passwordHash", user.passwordHash()),
                payload.containsKey("roles") ? UserDirectory.roles(roles(payload)) : UserDirectory.roles(user.roles()),
                payload.getString("language", user.language()),
                payload.getBoolean("active", user.active()),
                Rows.utc(event.at()), username);
    }

    private static Set<Role> roles(JsonObject payload) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        payload.getJsonArray("roles").getValuesAs(JsonString.class).forEach(role -> roles.add(Role.valueOf(role.getString())));
        return roles;
    }
}
