package com.loanflow.report;

/** Open staff tasks of one escalation kind (BPMN task id), and how many of them are past their due date. */
record OpenEscalation(String taskKey, long open, long overdue) {
}
