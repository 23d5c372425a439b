package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.loanId;
import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_EVENT;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_ID;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_REFERENCE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Prepare notice": renders the event's template and records the notice. */
@Component
class PrepareNoticeDelegate implements JavaDelegate {

    private final NoticeService notices;

    PrepareNoticeDelegate(NoticeService notices) {
        this.notices = notices;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String noticeId = notices.create(loanId(execution), NoticeEvent.valueOf(string(execution, VAR_NOTICE_EVENT)),
                string(execution, VAR_NOTICE_REFERENCE), execution.getProcessInstanceId());
        execution.setVariable(VAR_NOTICE_ID, noticeId);
    }
}
