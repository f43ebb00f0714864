package io.clinicnode.appliance.shared;

import io.clinicnode.appliance.ApplianceException;

/**
 * The shared state cannot serve a request now: this node is still joining it, failed to join it, or is stopping.
 * Another node can serve the request, or this one a little later (the error mapping answers 503).
 */
public final class SharedStateUnavailable extends ApplianceException {
    private final String summary;

    SharedStateUnavailable(String summary, String message) {
        super(message);
        this.summary = summary;
    }

    /** A few words saying why, e.g. {@code Starting}. */
    public String summary() {
        return summary;
    }
}
