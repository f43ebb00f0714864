package io.clinicnode.appliance.user;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/** Reads users from the projection. Thread-safe. */
public final class UserDirectory {
    private final DbClient db;

    public UserDirectory(DbClient db) {
        this.db = db;
    }

    public Optional<User> find(String username) {
        return db.execute().get("SELECT * FROM app_user WHERE username = ?", username).map(UserDirectory::user);
    }

    public List<User> all() {
        return db.execute().query("SELECT * FROM app_user ORDER BY username").map(UserDirectory::user).toList();
    }

    public boolean isEmpty() {
        return db.execute().get("SELECT COUNT(*) AS n FROM app_user")
                .map(row -> Rows.number(row, "n") == 0)
                .orElse(true);
    }

    static User user(DbRow row) {
        return new User(Rows.text(row, "username"), Rows.text(row, "display_name"), Rows.text(row, "password_hash"),
                roles(Rows.text(row, "roles")), Rows.text(row, "language"), Rows.bool(row, "active"),
                Rows.text(row, "practitioner_id"));
    }

    static Set<Role> roles(String stored) {
        return Arrays.stream(stored.split(","))
                .filter(part -> !part.isBlank())
                .map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    static String roles(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }
}
