package io.clinicnode.installer;

import java.util.Optional;
import java.util.concurrent.Callable;

import io.clinicnode.appliance.Node;
import io.clinicnode.installer.box.BoxNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code clinicnode run}: runs this box's node from its settings until stopped; what the systemd service runs. */
@Command(name = "run", description = "Run this box's node in the foreground from ROOT/etc/clinicnode/clinicnode.yaml"
        + " (what the clinicnode service runs).")
final class RunCommand implements Callable<Integer> {
    @Mixin
    BoxOptions box;

    @Override
    public Integer call() throws InterruptedException {
        Node node = BoxNode.start(box.layout(), Optional.empty());
        System.out.println("ClinicNode " + node.identity().nodeId() + " (clinic " + node.identity().clinicId() + ") ready at "
                + node.httpUrl() + "/");
        System.out.flush();
        NodeCommand.runUntilStopped(node);
        return ClinicNodeCli.OK;
    }
}
