/**
 * Node-side backups: a consistent snapshot of a node's database and journal (taken between two groups of the write
 * path, so both stand at the same position), the local-only access the {@code clinicnode backup} command uses to ask a
 * running node for one, and the restore of a snapshot into an empty data directory. Encryption of the backup file
 * and its manifest are the installer's ({@code io.clinicnode.installer.backup}).
 */
package io.clinicnode.appliance.backup;
