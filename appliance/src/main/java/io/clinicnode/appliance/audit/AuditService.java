package io.clinicnode.appliance.audit;

import io.clinicnode.appliance.http.Queries;
import io.clinicnode.appliance.http.Responses;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.user.Role;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;


/**
 * {@code /api/audit} (admin only): who viewed, searched or changed a patient's records, newest first; and
 * {@code /api/audit/verify}, the check of the trail's hash chains. Thread-safe.
 */
public final class AuditService implements HttpService {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AuditQueries queries;
    private final AuditVerifier verifier;

    public AuditService(AuditQueries queries, AuditVerifier verifier) {
        this.queries = queries;
        this.verifier = verifier;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/verify", this::verify);
    }

    private void list(ServerRequest request, ServerResponse response) {
        CurrentUser.require(request, Role.ADMIN);
        String patientId = Queries.idParameter(request, "patientId")
                .orElseThrow(() -> Queries.invalid("patientId", "required", "is required: the id of the patient whose trail to show"));
        int limit = Queries.integer(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Responses.items(response, queries.forRecord(patientId, limit));
    }

    private void verify(ServerRequest request, ServerResponse response) {
        CurrentUser.require(request, Role.ADMIN);
        Responses.ok(response, verifier.verify().json());
    }
}
