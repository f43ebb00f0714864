package io.clinicnode.appliance.cluster;

import io.clinicnode.appliance.http.Responses;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.user.Role;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /api/cluster} (admin only): the cluster's members, leader, positions and checksums. Thread-safe. */
public final class ClusterService implements HttpService {
    private final ClusterStatus status;

    public ClusterService(ClusterStatus status) {
        this.status = status;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::report);
    }

    private void report(ServerRequest request, ServerResponse response) {
        CurrentUser.require(request, Role.ADMIN);
        Responses.ok(response, status.report());
    }
}
