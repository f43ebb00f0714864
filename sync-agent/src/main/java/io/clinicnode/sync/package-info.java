/**
 * The sync agent: ships the journal's events to central PostgreSQL, exactly once and in per-origin order,
 * and serves the central sync dashboard. It reads the journal through the appliance's event format
 * ({@link io.clinicnode.appliance.journal.Event}, documented in docs/ARCHITECTURE.md). Its parts: the
 * packages {@code central} (schema, roles, credentials), {@code agent} (the shipping itself) and
 * {@code dashboard} (the central office's web view).
 */
package io.clinicnode.sync;
