package io.clinicnode.appliance.write;

/**
 * Which clinic this node serves and its own id, the origin stamped on every event it accepts.
 *
 * @param clinicId clinic id, shared by every node of the clinic
 * @param nodeId   this node's id, unique and stable for the life of its data directory
 */
public record NodeIdentity(String clinicId, String nodeId) {
}
