/** The seed's side of joining a new box to the clinic with a token: {@code POST /api/cluster/join}. */
package io.clinicnode.appliance.join;
