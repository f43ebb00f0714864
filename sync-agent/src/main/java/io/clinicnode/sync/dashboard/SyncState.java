package io.clinicnode.sync.dashboard;

import java.time.Duration;

/**
 * How a clinic's sync stands, worst first: the order of the dashboard's clinic list.
 */
public enum SyncState {
    /** Not heard from for longer than the silent threshold, or never. */
    SILENT("silent"),
    /** Events parked in the dead-letter list within the last 24 h, or the leader reports an error. */
    ERRORS("errors"),
    /** The leader's backlog is older than the behind threshold. */
    BEHIND("behind"),
    IN_SYNC("in sync");

    private final String label;

    SyncState(String label) {
        this.label = label;
    }

    /** What the pages show and the API returns. */
    public String label() {
        return label;
    }

    /**
     * The state of a clinic from what central knows of it.
     *
     * @param sinceContact     time since the clinic's last batch or heartbeat; null when it never synced
     * @param secondsBehind    age of the oldest event its leader has not shipped yet
     * @param deadLetters24h   events parked in the last 24 h
     * @param errorOpen        whether the leader's last sync error still holds (its backlog is not shipped yet)
     */
    public static SyncState of(Duration sinceContact, double secondsBehind, long deadLetters24h, boolean errorOpen,
                               Duration silentAfter, Duration behindAfter) {
        if (sinceContact == null || sinceContact.compareTo(silentAfter) > 0) {
            return SILENT;
        }
        if (deadLetters24h > 0 || errorOpen) {
            return ERRORS;
        }
        if (secondsBehind * 1000 > behindAfter.toMillis()) {
            return BEHIND;
        }
        return IN_SYNC;
    }
}
