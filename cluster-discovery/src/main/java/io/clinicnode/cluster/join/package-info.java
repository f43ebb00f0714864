/**
 * Joining a new box to a clinic with a token: the token's format ({@link io.clinicnode.cluster.join.JoinToken}) and
 * the seed's record of the tokens it accepts ({@link io.clinicnode.cluster.join.JoinTokenLedger}).
 */
package io.clinicnode.cluster.join;
