package io.clinicnode.appliance.write;

import io.clinicnode.appliance.ApplianceException;

/**
 * A change the clinic's current data does not allow (a taken slot, an unknown patient, a duplicate
 * document). Thrown by event handlers before they write anything, so a rejected change leaves no trace
 * and is never journaled.
 */
public class RejectedChange extends ApplianceException {
    /** What kind of refusal, which the HTTP layer maps to a status code. */
    public enum Reason {
        NOT_FOUND, CONFLICT, UNPROCESSABLE
    }

    private final Reason reason;
    private final String field;
    private final String code;

    public RejectedChange(Reason reason, String field, String message) {
        this(reason, field, message, null);
    }

    /**
     * A refusal with a stable {@code code} (e.g. {@code last-admin}) that clients may test instead of the sentence; the
     * problem+json answer carries it as {@code "code"}.
     */
    public RejectedChange(Reason reason, String field, String message, String code) {
        super(message);
        this.reason = reason;
        this.field = field;
        this.code = code;
    }

    public Reason reason() {
        return reason;
    }

    /** The request field the refusal is about, or {@code null}. */
    public String field() {
        return field;
    }

    /** The refusal's stable code, or {@code null}. */
    public String code() {
        return code;
    }
}
