package io.clinicnode.appliance.cluster;

import io.clinicnode.appliance.http.Responses;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.user.Role;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /api/cluster} (admin only): the cluster's members, leader, positions, lag and checksums;
 * {@code GET /api/cluster/conflicts}: the replication conflicts this node holds, for a human to settle. Thread-safe.
 */
public final class ClusterService implements HttpService {
    private static final int CONFLICTS_SHOWN = 500;

    private final ClusterStatus status;
    private final ConflictQueries conflicts;

    public ClusterService(ClusterStatus status, ConflictQueries conflicts) {
        this.status = status;
        this.conflicts = conflicts;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::report)
                .get("/conflicts", this::conflicts);
    }

    private void conflicts(ServerRequest request, ServerResponse response) {
        CurrentUser.require(request, Role.ADMIN);
        Responses.items(response, conflicts.newest(CONFLICTS_SHOWN));
    }

    private void report(ServerRequest request, ServerResponse response) {
        CurrentUser.require(request, Role.ADMIN);
        Responses.ok(response, status.report());
    }
}
