package io.clinicnode.appliance.user;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.http.FieldReader;
import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.http.Responses;
import io.clinicnode.appliance.json.JsonFields;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.session.SessionStore;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.ChangeWriter;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/** {@code /api/users} (admin only): list, create and change users and their roles. */
public final class UserService implements HttpService {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{2,64}");
    public static final Set<String> LANGUAGES = Set.of("pt-BR", "en");
    private static final int MIN_PASSWORD = 8;

    private final ChangeWriter writes;
    private final UserDirectory users;
    private final PasswordHasher hasher;
    private final SessionStore sessions;
    private final JsonBodies bodies;

    public UserService(ChangeWriter writes, UserDirectory users, PasswordHasher hasher, SessionStore sessions, JsonBodies bodies) {
        this.writes = writes;
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .patch("/{username}", this::change);
    }

    private void list(ServerRequest request, ServerResponse response) {
        CurrentUser.require(request, Role.ADMIN);
        Responses.items(response, users.all().stream().map(UserService::json).toList());
    }

    private void create(ServerRequest request, ServerResponse response) {
        CurrentUser admin = CurrentUser.require(request, Role.ADMIN);
        JsonObject body = bodies.object(request);
        FieldReader fields = new FieldReader(body);
        String username = fields.requiredText("username", 64);
        if (username != null && !USERNAME.matcher(username).matches()) {
            fields.error("username", "username.format", "must be 2 to 64 lower-case letters, digits, dots, dashes or underscores");
        }
        String displayName = fields.requiredText("displayName", 200);
        String password = password(fields, true);
        Set<Role> roles = roles(body, fields, true);
        String language = language(fields);
        fields.throwIfInvalid();
        writes.write(new Change(UserEvents.CREATED, username, admin.username(), UserEvents.createdPayload(
                username, displayName, hasher.hash(password.toCharArray()), roles, language == null ? "pt-BR" : language)));
        Responses.created(response, "/api/users/" + username, json(found(username)));
    }

    private void change(ServerRequest request, ServerResponse response) {
        CurrentUser admin = CurrentUser.require(request, Role.ADMIN);
        String username = request.path().pathParameters().get("username");
        found(username);
        JsonObject body = bodies.object(request);
        FieldReader fields = new FieldReader(body);
        String displayName = fields.optionalText("displayName", 200);
        String password = password(fields, false);
        Set<Role> roles = roles(body, fields, false);
        String language = language(fields);
        Boolean active = fields.optionalBoolean("active");
        // "practitionerId": an id links the login to that practitioner's agenda column, null unlinks it.
        boolean linkChanged = body.containsKey("practitionerId");
        String practitionerId = linkChanged && !body.isNull("practitionerId") ? fields.requiredText("practitionerId", 36) : null;
        fields.throwIfInvalid();
        JsonObjectBuilder payload = JSON.createObjectBuilder();
        if (linkChanged) {
            if (practitionerId == null) {
                payload.addNull("practitionerId");
            } else {
                payload.add("practitionerId", practitionerId.toLowerCase(Locale.ROOT));
            }
        }
        if (displayName != null) {
            payload.add("displayName", displayName);
        }
        if (password != null) {
            payload.add("passwordHash", hasher.hash(password.toCharArray()));
        }
        if (roles != null) {
            JsonArrayBuilder roleArray = JSON.createArrayBuilder();
            roles.stream().map(Role::name).sorted().forEach(roleArray::add);
            payload.add("roles", roleArray);
        }
        if (language != null) {
            payload.add("language", language);
        }
        if (active != null) {
            payload.add("active", active);
        }
        writes.write(new Change(UserEvents.UPDATED, username, admin.username(), payload.build()));
        if (password != null || Boolean.FALSE.equals(active)) {
            sessions.revokeAll(username);
        }
        Responses.ok(response, json(found(username)));
    }

    private static String password(FieldReader fields, boolean required) {
        String password = required ? fields.requiredText("password", 200) : fields.optionalText("password", 200);
        if (password != null && password.length() < MIN_PASSWORD) {
            fields.error("password", "password.too-short", "must be at least " + MIN_PASSWORD + " characters");
        }
        return password;
    }

    private static Set<Role> roles(JsonObject body, FieldReader fields, boolean required) {
        if (!fields.has("roles")) {
            if (required) {
                fields.error("roles", "required", "is required: one or more of FRONT_DESK, PRACTITIONER, ADMIN");
            }
            return null;
        }
        if (body.get("roles").getValueType() != JsonValue.ValueType.ARRAY || body.getJsonArray("roles").isEmpty()) {
            fields.error("roles", "roles.empty", "must be a non-empty array of FRONT_DESK, PRACTITIONER, ADMIN");
            return null;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (JsonValue value : body.getJsonArray("roles")) {
            try {
                roles.add(Role.valueOf(((JsonString) value).getString()));
            } catch (ClassCastException | IllegalArgumentException e) {
                fields.error("roles", "enum.unknown", "must contain only FRONT_DESK, PRACTITIONER, ADMIN");
                return null;
            }
        }
        return roles;
    }

    private static String language(FieldReader fields) {
        String language = fields.optionalText("language", 10);
        if (language != null && !LANGUAGES.contains(language)) {
            fields.error("language", "enum.unknown", "must be pt-BR or en");
        }
        return language;
    }

    private User found(String username) {
        return users.find(username).orElseThrow(() -> ApiProblem.notFound("No user named " + username + "."));
    }

    static JsonObject json(User user) {
        JsonArrayBuilder roles = JSON.createArrayBuilder();
        user.roles().stream().map(Role::name).sorted().forEach(roles::add);
        return JSON.createObjectBuilder()
                .add("username", user.username())
                .add("displayName", user.displayName())
                .add("roles", roles)
                .add("language", user.language())
                .add("active", user.active())
                .add("practitionerId", JsonFields.text(user.practitionerId()))
                .build();
    }
}
