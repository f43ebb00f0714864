/**
 * The central sync dashboard: a web server for the central office that reads central PostgreSQL with a read-only
 * login and shows every clinic's sync state worst first, and per clinic its nodes, lag, throughput, dead letters
 * and conflicts ({@link io.clinicnode.sync.dashboard.Dashboard}; docs/ARCHITECTURE.md, "The central sync dashboard").
 */
package io.clinicnode.sync.dashboard;
