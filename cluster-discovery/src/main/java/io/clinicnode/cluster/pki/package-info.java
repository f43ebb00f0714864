/**
 * Certificates for the nodes' web servers (HTTPS to the desks): the CA that issues them, server keys with their
 * chains, and PEM files brought by the technician.
 */
package io.clinicnode.cluster.pki;
