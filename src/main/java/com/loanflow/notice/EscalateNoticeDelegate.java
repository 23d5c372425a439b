package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_CONTACT_OUTCOME;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_ID;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Service task "Escalate to staff": no channel confirmed the notice, so a person takes it over (D9). A previous
 * round's answers are cleared, so the new "Contact borrower" form starts empty and an old correction is not applied
 * again.
 */
@Component
class EscalateNoticeDelegate implements JavaDelegate {

    private final DeliveryService delivery;

    EscalateNoticeDelegate(DeliveryService delivery) {
        this.delivery = delivery;
    }

    private static final List<String> STAFF_ANSWERS = List.of(VAR_CONTACT_OUTCOME, "correctedPhone", "correctedEmail",
            "correctedWechatOpenId", "correctedPushToken", "contactNote");

    @Override
    public void execute(DelegateExecution execution) {
        execution.removeVariables(STAFF_ANSWERS);
        delivery.escalate(string(execution, VAR_NOTICE_ID));
    }
}
