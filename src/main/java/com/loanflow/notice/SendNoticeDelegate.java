package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Send notice". */
@Component
class SendNoticeDelegate implements JavaDelegate {

    private final NoticeService notices;

    SendNoticeDelegate(NoticeService notices) {
        this.notices = notices;
    }

    @Override
    public void execute(DelegateExecution execution) {
        notices.send(string(execution, VAR_NOTICE_ID));
    }
}
