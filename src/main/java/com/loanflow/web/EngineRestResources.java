package com.loanflow.web;

import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.stereotype.Component;

/** The engine REST API as the starter configures it, plus LoanFlow's answer for tasks that are gone. */
@Component
class EngineRestResources extends CamundaJerseyResourceConfig {

    @Override
    protected void registerAdditionalResources() {
        super.registerAdditionalResources();
        register(EndedTaskExceptionMapper.class);
    }
}
