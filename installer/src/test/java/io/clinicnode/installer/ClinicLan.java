package io.clinicnode.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A clinic LAN made of Linux network namespaces for partition tests: each node gets a namespace of its own with two
 * links, both veth pairs to bridges in the test's (root) namespace:
 * <ul>
 *     <li>the <b>clinic LAN</b> ({@code lan0} inside, on bridge {@link #lanBridge()}): the cluster's traffic. Setting a
 *     node's LAN link down cuts it off from the others, as an unplugged cable would;</li>
 *     <li>the <b>desk</b> link ({@code desk0} inside, on a second bridge that also has an address in the root
 *     namespace): the test's HTTP requests, so it reaches both sides of a partition.</li>
 * </ul>
 * Names carry a random tag, so parallel runs and leftovers of a killed run do not clash; {@link #close()} removes
 * everything it made, also after a failure half-way. Needs root and iproute2 ({@link #available()}).
 *
 * <p>Not thread-safe.
 */
final class ClinicLan implements AutoCloseable {
    private static final long COMMAND_SECONDS = 20;

    private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final int subnet = ThreadLocalRandom.current().nextInt(1, 250);
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> bridges = new ArrayList<>();

    /** Whether this machine lets the test make namespaces: running as root with {@code ip netns} working. */
    static String unavailableBecause() {
        String probe = "cnprobe" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        try {
            Result added = run(List.of("ip", "netns", "add", probe));
            if (added.exit != 0) {
                return "'ip netns add' failed (root and iproute2 are needed): " + added.output.strip();
            }
            run(List.of("ip", "netns", "del", probe));
            return null;
        } catch (IOException e) {
            return "the 'ip' command (iproute2) is not installed: " + e.getMessage();
        }
    }

    /** Makes the two bridges and one namespace per node. */
    static ClinicLan create(int nodes) throws IOException {
        ClinicLan lan = new ClinicLan();
        try {
            lan.build(nodes);
            return lan;
        } catch (IOException | RuntimeException e) {
            lan.close();
            throw e;
        }
    }

    private void build(int nodes) throws IOException {
        bridge(lanBridge(), null);
        bridge(deskBridge(), deskGateway() + "/24");
        for (int node = 0; node < nodes; node++) {
            String namespace = namespace(node);
            check(List.of("ip", "netns", "add", namespace));
            namespaces.add(namespace);
            check(List.of("ip", "-n", namespace, "link", "set", "lo", "up"));
            link(node, lanVeth(node), "lan0", lanBridge(), lanAddress(node));
            link(node, deskVeth(node), "desk0", deskBridge(), deskAddress(node));
        }
    }

    private void bridge(String name, String address) throws IOException {
        check(List.of("ip", "link", "add", name, "type", "bridge"));
        bridges.add(name);
        if (address != null) {
            check(List.of("ip", "addr", "add", address, "dev", name));
        }
        check(List.of("ip", "link", "set", name, "up"));
    }

    private void link(int node, String outside, String inside, String bridge, String address) throws IOException {
        String namespace = namespace(node);
        check(List.of("ip", "link", "add", outside, "type", "veth", "peer", "name", inside, "netns", namespace));
        check(List.of("ip", "link", "set", outside, "master", bridge));
        check(List.of("ip", "link", "set", outside, "up"));
        check(List.of("ip", "-n", namespace, "addr", "add", address + "/24", "dev", inside));
        check(List.of("ip", "-n", namespace, "link", "set", inside, "up"));
    }

    /** The bridge of the clinic LAN, in the root namespace (capture the cluster's traffic here). */
    String lanBridge() {
        return "cn" + tag + "lan";
    }

    private String deskBridge() {
        return "cn" + tag + "dsk";
    }

    String namespace(int node) {
        return "cn" + tag + "-node" + node;
    }

    /** The node's address on the clinic LAN (its {@code --cluster-bind}). */
    String lanAddress(int node) {
        return "10.213." + subnet + "." + (node + 1);
    }

    /** The node's address on the desk link (its {@code --host}), reachable from the test. */
    String deskAddress(int node) {
        return "10.214." + subnet + "." + (node + 1);
    }

    /** The test's (root namespace's) address on the desk bridge: the nodes reach servers the test runs here. */
    String deskGateway() {
        return "10.214." + subnet + ".254";
    }

    private String lanVeth(int node) {
        return "cn" + tag + "l" + node;
    }

    private String deskVeth(int node) {
        return "cn" + tag + "d" + node;
    }

    /** The command prefix that runs a program inside the node's namespace. */
    List<String> inside(int node) {
        return List.of("ip", "netns", "exec", namespace(node));
    }

    /** Unplugs the node's clinic LAN cable: its cluster traffic stops; the desk link stays. */
    void cut(int node) throws IOException {
        check(List.of("ip", "link", "set", lanVeth(node), "down"));
    }

    /** Plugs the node's clinic LAN cable back in. */
    void heal(int node) throws IOException {
        check(List.of("ip", "link", "set", lanVeth(node), "up"));
    }

    /** Removes the namespaces (their veth pairs go with them) and the bridges; never fails. */
    @Override
    public void close() {
        for (String namespace : namespaces.reversed()) {
            quietly(List.of("ip", "netns", "del", namespace));
        }
        for (String bridge : bridges.reversed()) {
            quietly(List.of("ip", "link", "del", bridge));
        }
        namespaces.clear();
        bridges.clear();
    }

    private static void quietly(List<String> command) {
        try {
            run(command);
        } catch (IOException e) {
            // Cleaning up: the thing is gone already or will go with the namespace.
        }
    }

    private static void check(List<String> command) throws IOException {
        Result result = run(command);
        if (result.exit != 0) {
            throw new IOException("'" + String.join(" ", command) + "' failed with exit code " + result.exit + ": " + result.output.strip());
        }
    }

    private static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' did not finish within " + COMMAND_SECONDS + " s");
            }
            return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while running '" + String.join(" ", command) + "'", e);
        }
    }

    private record Result(int exit, String output) {
    }
}
