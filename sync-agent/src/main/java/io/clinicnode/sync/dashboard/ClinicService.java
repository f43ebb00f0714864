package io.clinicnode.sync.dashboard;

import java.time.Duration;

import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.http.Responses;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * {@code /api/clinics}: every clinic's sync state, worst first (GET /), and one clinic's page (GET /{id}).
 * Both carry the refresh period the pages poll at.
 *
 * <p>Thread-safe.
 */
final class ClinicService implements HttpService {
    private final ClinicQueries queries;
    private final DashboardSettings settings;

    ClinicService(ClinicQueries queries, DashboardSettings settings) {
        this.queries = queries;
        this.settings = settings;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/{id}", this::one);
    }

    private void list(ServerRequest request, ServerResponse response) {
        JsonArrayBuilder items = JSON.createArrayBuilder();
        queries.clinics().forEach(summary -> items.add(summary.toJson()));
        Responses.ok(response, JSON.createObjectBuilder()
                .add("refreshSeconds", seconds(settings.refresh()))
                .add("silentAfterSeconds", settings.silentAfter().toSeconds())
                .add("behindAfterSeconds", settings.behindAfter().toSeconds())
                .add("items", items)
                .build());
    }

    private void one(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        var clinic = queries.clinic(id)
                .orElseThrow(() -> ApiProblem.notFound("Central has no clinic with id '" + id + "'. The list at"
                        + " /api/clinics names every registered clinic."));
        Responses.ok(response, JSON.createObjectBuilder(clinic)
                .add("refreshSeconds", seconds(settings.refresh()))
                .build());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
