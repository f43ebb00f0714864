package io.clinicnode.installer.doctor;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * One finding of {@code clinicnode doctor}: what was checked, whether it passed, what was found and, for a failure, the
 * fix in one plain sentence.
 */
record Check(String name, Status status, String detail, String fix) {
    enum Status { OK, FAIL, SKIPPED }

    static Check ok(String name, String detail) {
        return new Check(name, Status.OK, detail, "");
    }

    static Check fail(String name, String detail, String fix) {
        return new Check(name, Status.FAIL, detail, fix);
    }

    static Check skipped(String name, String detail) {
        return new Check(name, Status.SKIPPED, detail, "");
    }

    String line() {
        String head = String.format("%-7s %s: %s", status, name, detail);
        return status == Status.FAIL ? head + " Fix: " + fix : head;
    }

    JsonObject json() {
        return Json.createObjectBuilder().add("name", name).add("status", status.name().toLowerCase(java.util.Locale.ROOT))
                .add("detail", detail).add("fix", fix).build();
    }
}
