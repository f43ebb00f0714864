package io.clinicnode.appliance.waitingroom;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Steps of a visit after check-in. The main ones go forward (steps may be skipped); the desk can also send a
 * mistakenly called patient back to the queue, note that a called patient did not answer ({@code NO_ANSWER}, who can
 * be called again) or that the patient gave up and left ({@code LEFT}). {@code DONE} and {@code LEFT} are final.
 */
public enum WaitingStatus {
    WAITING, CALLED, IN_CONSULTATION, DONE, NO_ANSWER, LEFT;

    private static final Map<WaitingStatus, Set<WaitingStatus>> NEXT = Map.of(
            WAITING, EnumSet.of(CALLED, IN_CONSULTATION, DONE, LEFT),
            CALLED, EnumSet.of(WAITING, IN_CONSULTATION, DONE, NO_ANSWER, LEFT),
            NO_ANSWER, EnumSet.of(WAITING, CALLED, IN_CONSULTATION, LEFT),
            IN_CONSULTATION, EnumSet.of(DONE),
            DONE, EnumSet.noneOf(WaitingStatus.class),
            LEFT, EnumSet.noneOf(WaitingStatus.class));

    /** Whether the desk may move a visit from this step to {@code target}. */
    public boolean canMoveTo(WaitingStatus target) {
        return NEXT.get(this).contains(target);
    }

    /** A step the visit never leaves. */
    public boolean isFinal() {
        return this == DONE || this == LEFT;
    }

    /** Whether the patient has been called in (or further): what a mistaken call goes back from. */
    boolean calledIn() {
        return this == CALLED || this == IN_CONSULTATION || this == DONE;
    }
}
