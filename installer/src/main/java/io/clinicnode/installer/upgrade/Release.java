package io.clinicnode.installer.upgrade;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.clinicnode.appliance.NodeVersion;
import io.clinicnode.installer.InstallerException;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * A ClinicNode release as {@code clinicnode version --json} describes it: its version and the newest journal event and
 * node-to-node message formats it writes (it reads every older one). Versions compare like semantic versions, a
 * pre-release ({@code 0.1.0-SNAPSHOT}) before its release ({@code 0.1.0}). Immutable.
 */
public record Release(String version, int eventFormat, int messageFormat) implements Comparable<Release> {
    public static Release current() {
        return new Release(NodeVersion.CURRENT, NodeVersion.EVENT_FORMAT, NodeVersion.MESSAGE_FORMAT);
    }

    public JsonObject toJson() {
        return Json.createObjectBuilder().add("version", version).add("eventFormat", eventFormat)
                .add("messageFormat", messageFormat).build();
    }

    /** Reads what {@code clinicnode version --json} printed; empty when it is not such an object. */
    public static Optional<Release> parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonObject object = reader.readObject();
            return Optional.of(new Release(object.getString("version"), object.getInt("eventFormat"),
                    object.getInt("messageFormat")));
        } catch (JsonException | ClassCastException | NullPointerException e) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(Release other) {
        return compareVersions(version, other.version);
    }

    /** Orders {@code MAJOR.MINOR.PATCH[-PRE]}: numbers numerically, a pre-release before its release. */
    public static int compareVersions(String a, String b) {
        List<Integer> left = numbers(a);
        List<Integer> right = numbers(b);
        for (int index = 0; index < Math.max(left.size(), right.size()); index++) {
            int x = index < left.size() ? left.get(index) : 0;
            int y = index < right.size() ? right.get(index) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        boolean leftPre = a.contains("-");
        boolean rightPre = b.contains("-");
        if (leftPre != rightPre) {
            return leftPre ? -1 : 1;
        }
        return leftPre ? a.substring(a.indexOf('-')).compareTo(b.substring(b.indexOf('-'))) : 0;
    }

    private static List<Integer> numbers(String version) {
        String release = version.contains("-") ? version.substring(0, version.indexOf('-')) : version;
        List<Integer> numbers = new ArrayList<>();
        for (String part : release.split("\\.")) {
            try {
                numbers.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw new InstallerException("'" + version + "' is not a ClinicNode version (like 0.2.0).");
            }
        }
        return numbers;
    }
}
