package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_CHANNEL;
import static com.loanflow.process.ProcessConstants.VAR_CHANNEL_LEFT;
import static com.loanflow.process.ProcessConstants.VAR_DELIVERY_RESULT;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_ID;
import static com.loanflow.process.ProcessConstants.VAR_STEP;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Select next channel": the next planned channel that can still be reached, or none left. */
@Component
class SelectNextChannelDelegate implements JavaDelegate {

    private final DeliveryService delivery;

    SelectNextChannelDelegate(DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object current = execution.getVariable(VAR_STEP);
        Optional<DeliveryStep> next = delivery.nextStep(string(execution, VAR_NOTICE_ID),
                current == null ? 0 : ((Number) current).intValue());
        execution.setVariable(VAR_CHANNEL_LEFT, next.isPresent());
        next.ifPresentOrElse(step -> {
            execution.setVariable(VAR_STEP, step.step());
            execution.setVariable(VAR_CHANNEL, step.channel().name());
        }, () -> execution.setVariable(VAR_DELIVERY_RESULT, "CHANNELS_EXHAUSTED"));
    }
}
