package io.clinicnode.cluster;

import io.clinicnode.cluster.hazelcast.HazelcastMember;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * A plain Hazelcast member that knows the clinic's Hazelcast cluster name (as someone who sniffed the LAN would) and
 * claims to be a real member, but is not in the JGroups view: {@code RogueSharedStateMember CLUSTER_NAME TARGET_PORT
 * OWN_PORT CLAIMED_NODE_ID}. Prints {@code JOINED n} or {@code REFUSED reason}, then exits.
 */
public final class RogueSharedStateMember {
    private RogueSharedStateMember() {
    }

    public static void main(String[] args) {
        Config config = new Config();
        config.setClusterName(args[0]);
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        // Everything Hazelcast compares at join is as the real members have it, so only the view check can refuse it.
        config.setProperty("hazelcast.partition.count", "31");
        config.getMemberAttributeConfig().setAttribute(HazelcastMember.NODE_ID_ATTRIBUTE, args[3]);
        config.getNetworkConfig().setPort(Integer.parseInt(args[2])).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + args[1]);
        try {
            HazelcastInstance rogue = Hazelcast.newHazelcastInstance(config);
            System.out.println("JOINED " + rogue.getCluster().getMembers().size());
            rogue.getLifecycleService().terminate();
        } catch (RuntimeException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
        System.out.flush();
        System.exit(0);
    }
}
