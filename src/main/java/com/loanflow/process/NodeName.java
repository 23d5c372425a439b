package com.loanflow.process;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Names this node in the engine's job log and metrics (the engine's "hostname") after {@code LOANFLOW_NODE}, the name
 * the deployment gives each node (docker-compose service, Kubernetes pod), so an operator sees which node ran a job.
 * Without it the engine names the node after its IP address and engine name.
 */
@Component
class NodeName extends AbstractProcessEnginePlugin {

    private final String node;

    NodeName(@Value("${LOANFLOW_NODE:}") String node) {
        this.node = node.trim();
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (!node.isEmpty()) {
            configuration.setHostname(node);
        }
    }
}
