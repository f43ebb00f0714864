package io.clinicnode.appliance.waitingroom;

/** Steps of a visit after check-in, in the only order they can happen (steps may be skipped, never undone). */
public enum WaitingStatus {
    WAITING, CALLED, IN_CONSULTATION, DONE
}
