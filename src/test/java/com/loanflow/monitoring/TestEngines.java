package com.loanflow.monitoring;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;

/** A plain in-memory engine of its own for one test class, with the beans its models call and the given plugins. */
final class TestEngines {

    private TestEngines() {
    }

    static ProcessEngine start(String name, Map<Object, Object> beans, List<ProcessEnginePlugin> plugins) {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
                .createStandaloneInMemProcessEngineConfiguration()
                .setProcessEngineName(name)
                .setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1")
                .setJobExecutorActivate(false);
        configuration.setBeans(beans);
        configuration.setProcessEnginePlugins(plugins);
        return configuration.buildProcessEngine();
    }
}
