package io.clinicnode.cluster;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MembershipTest {
    @Test
    void aStandaloneNodeIsItsOwnLeader() {
        Membership view = Membership.standalone("node-a");

        assertThat(view.members()).containsExactly("node-a");
        assertThat(view.isLeader()).isTrue();
    }

    @Test
    void theOldestMemberLeads() {
        Membership view = new Membership("node-b", List.of("node-a", "node-b", "node-c"));

        assertThat(view.leader()).isEqualTo("node-a");
        assertThat(view.isLeader()).isFalse();
    }

    @Test
    void aViewWithoutThisNodeIsRefused() {
        assertThatThrownBy(() -> new Membership("node-x", List.of("node-a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node-x");
    }
}
