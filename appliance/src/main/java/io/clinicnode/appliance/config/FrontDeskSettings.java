package io.clinicnode.appliance.config;

import io.clinicnode.appliance.ApplianceException;

import io.helidon.config.Config;

/**
 * Rules of the front desk's day a clinic may tune.
 *
 * @param noShowGraceMinutes how long after an appointment's start the desk may mark it a no-show
 *                           ({@code clinicnode.no-show-grace-minutes}, default 15): a patient a few minutes late is not
 *                           a no-show yet
 */
public record FrontDeskSettings(int noShowGraceMinutes) {
    public static final int DEFAULT_NO_SHOW_GRACE_MINUTES = 15;

    static FrontDeskSettings from(Config config) {
        int grace = config.get("no-show-grace-minutes").asInt().orElse(DEFAULT_NO_SHOW_GRACE_MINUTES);
        if (grace < 0 || grace > 24 * 60) {
            throw new ApplianceException("clinicnode.no-show-grace-minutes must be between 0 and 1440, was " + grace);
        }
        return new FrontDeskSettings(grace);
    }
}
