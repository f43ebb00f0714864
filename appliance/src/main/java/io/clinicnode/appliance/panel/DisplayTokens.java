package io.clinicnode.appliance.panel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.clinicnode.appliance.json.JsonFields;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/** Reads display tokens and checks the one a panel presents. Thread-safe. */
public final class DisplayTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final DbClient db;

    public DisplayTokens(DbClient db) {
        this.db = db;
    }

    /** A new random token: 32 bytes, URL-safe. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** Whether {@code token} is a display token that has not been revoked. */
    public boolean isValid(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return false;
        }
        return db.execute().get("SELECT id FROM display_token WHERE token_hash = ? AND revoked_at IS NULL", hash(token.strip()))
                .isPresent();
    }

    Optional<JsonObject> find(String id) {
        return db.execute().get("SELECT * FROM display_token WHERE id = ?", id).map(DisplayTokens::json);
    }

    List<JsonObject> list() {
        try (Stream<DbRow> rows = db.execute().query("SELECT * FROM display_token ORDER BY created_at, id")) {
            return rows.map(DisplayTokens::json).toList();
        }
    }

    private static JsonObject json(DbRow row) {
        return JSON.createObjectBuilder()
                .add("id", Rows.text(row, "id"))
                .add("name", Rows.text(row, "name"))
                .add("createdBy", Rows.text(row, "created_by"))
                .add("createdAt", Rows.instant(row, "created_at").toString())
                .add("revokedAt", JsonFields.text(Rows.instant(row, "revoked_at")))
                .build();
    }
}
