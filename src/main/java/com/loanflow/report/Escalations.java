package com.loanflow.report;

import com.loanflow.process.TaskKeys;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.TaskService;
import org.springframework.stereotype.Component;

/**
 * Open escalations: the staff tasks that exist because something was not done in time or went wrong, as opposed to
 * routine work (reviewing an application, refunds, lien release, follow-up calls, collections).
 */
@Component
class Escalations {

    static final List<String> TASK_KEYS = List.of(
            // Delivery of a notice ran out of channels or of patience for the read acknowledgement.
            TaskKeys.CONTACT_BORROWER,
            // ... and that task passed its own SLA.
            TaskKeys.CONTACT_BORROWER_ESCALATED,
            // LOAN_SETTLED not confirmed within the settlement-notice SLA.
            TaskKeys.SETTLEMENT_NOTICE_OVERDUE,
            // The repayment ledger did not verify: no certificate until it does.
            TaskKeys.INVESTIGATE_LEDGER,
            // A manual review was not done in time.
            TaskKeys.REVIEW_ESCALATED_APPLICATION);

    private final TaskService tasks;

    Escalations(TaskService tasks) {
        this.tasks = tasks;
    }

    List<OpenEscalation> open(Instant now) {
        Date due = Date.from(now);
        return TASK_KEYS.stream()
                .map(key -> new OpenEscalation(key, tasks.createTaskQuery().taskDefinitionKey(key).count(),
                        tasks.createTaskQuery().taskDefinitionKey(key).dueBefore(due).count()))
                .toList();
    }
}
