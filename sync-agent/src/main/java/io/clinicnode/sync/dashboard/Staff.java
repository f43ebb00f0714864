package io.clinicnode.sync.dashboard;

/**
 * A central office person who may log in to the dashboard.
 *
 * <p>Immutable, so thread-safe.
 */
record Staff(String username, String displayName, String passwordHash, boolean active) {
}
