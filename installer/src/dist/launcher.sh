#!/bin/sh
# The clinicnode command of an installed ClinicNode: the bundled Java runtime, the JVM flags Chronicle Queue and
# Hazelcast need (docs/OPERATIONS.md), the bundled jar. CLINICNODE_JAVA_OPTS adds JVM options.
set -eu
here="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
# Files a node creates (database, journal, keys) are for the node's user only: Java cannot set a umask itself.
umask 077
exec "$here/runtime/bin/java" @JVM_FLAGS@ ${CLINICNODE_JAVA_OPTS:-} -jar "$here/clinicnode.jar" "$@"
