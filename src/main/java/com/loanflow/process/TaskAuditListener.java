package com.loanflow.process;

import static com.loanflow.common.Jdbc.utc;

import com.loanflow.common.Ids;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * On task completion, checks the staff member's entries and records who decided what and when (D7) in
 * {@code task_audit}, in the same transaction as the completion. Bad entries fail the completion with a message
 * Tasklist shows, instead of taking the process somewhere wrong.
 */
@Component
class TaskAuditListener implements TaskListener {

    private static final Set<String> REVIEW_DECISIONS = Set.of("APPROVE", "REJECT");
    private static final Set<String> CONTACT_OUTCOMES = Set.of("REACHED_BY_PHONE", "CONTACTS_CORRECTED", "UNREACHABLE");
    private static final Set<String> LATE_REVERSAL_DECISIONS = Set.of("REOPEN_LOAN", "KEEP_SETTLED");
    private static final List<String> CONTACT_FIELDS = List.of("contactOutcome", "correctedPhone", "correctedEmail",
            "correctedWechatOpenId", "correctedPushToken", "contactNote");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** The form fields each task records; the first is the outcome. */
    private static final Map<String, List<String>> RECORDED_FIELDS = Map.ofEntries(
            Map.entry(TaskKeys.REVIEW_APPLICATION, List.of("reviewDecision", "reviewReason", "reviewComment")),
            Map.entry(TaskKeys.REVIEW_ESCALATED_APPLICATION, List.of("reviewDecision", "reviewReason", "reviewComment")),
            Map.entry(TaskKeys.CONTACT_OVERDUE_BORROWER, List.of("collectionOutcome", "promisedDate", "collectionNotes")),
            Map.entry(TaskKeys.REFUND_OVERPAYMENT, List.of("refundReference")),
            Map.entry(TaskKeys.RELEASE_LIEN, List.of("lienReleaseReference", "registrationOffice", "lienReleaseNotes")),
            Map.entry(TaskKeys.FOLLOW_UP_CALL, List.of("followUpOutcome", "followUpNotes")),
            Map.entry(TaskKeys.INVESTIGATE_LEDGER, List.of("ledgerFinding", "ledgerInvestigationNotes")),
            Map.entry(TaskKeys.SETTLEMENT_NOTICE_OVERDUE, List.of("slaFollowUpOutcome", "slaFollowUpNotes")),
            Map.entry(TaskKeys.REVIEW_LATE_REVERSAL, List.of("lateReversalDecision", "lateReversalNotes")),
            Map.entry(TaskKeys.CONTACT_BORROWER, CONTACT_FIELDS),
            Map.entry(TaskKeys.CONTACT_BORROWER_ESCALATED, CONTACT_FIELDS));

    private final JdbcClient jdbc;
    private final IdentityService identity;
    private final Clock clock;

    TaskAuditListener(JdbcClient jdbc, IdentityService identity, Clock clock) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateTask task) {
        String key = task.getTaskDefinitionKey();
        List<String> fields = RECORDED_FIELDS.getOrDefault(key, List.of());
        validate(key, task);
        Map<String, String> entries = new LinkedHashMap<>();
        fields.forEach(field -> entries.put(field, ExecutionVariables.string(task, field)));
        String outcome = fields.isEmpty() ? null : entries.get(fields.get(0));
        String details = entries.entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
        jdbc.sql("""
                insert into task_audit (id, loan_id, task_id, task_definition_key, task_name, completed_by, outcome,
                    details, completed_at)
                values (:id, :loanId, :taskId, :key, :name, :by, :outcome, :details, :at)""")
                .param("id", Ids.newId("TA"))
                .param("loanId", ExecutionVariables.loanId(task))
                .param("taskId", task.getId())
                .param("key", key)
                .param("name", task.getName())
                .param("by", completedBy(task))
                .param("outcome", outcome == null ? null : truncate(outcome, 60))
                .param("details", truncate(details, 4000))
                .param("at", utc(clock.instant()))
                .update();
    }

    private static void validate(String key, DelegateTask task) {
        if (TaskKeys.REVIEW_APPLICATION.equals(key) || TaskKeys.REVIEW_ESCALATED_APPLICATION.equals(key)) {
            String decision = ExecutionVariables.string(task, "reviewDecision");
            if (!REVIEW_DECISIONS.contains(decision)) {
                throw new ProcessEngineException("Choose APPROVE or REJECT as the review decision");
            }
            String reason = ExecutionVariables.string(task, "reviewReason");
            if ("REJECT".equals(decision) && (reason == null || reason.isBlank())) {
                throw new ProcessEngineException("A rejection needs a reason category; the applicant is told it");
            }
        }
        if (TaskKeys.CONTACT_BORROWER.equals(key) || TaskKeys.CONTACT_BORROWER_ESCALATED.equals(key)) {
            validateContactOutcome(task);
        }
        if (TaskKeys.REVIEW_LATE_REVERSAL.equals(key)) {
            // The process routes on it, and the staff who decide read Chinese.
            if (!LATE_REVERSAL_DECISIONS.contains(ExecutionVariables.string(task, "lateReversalDecision"))) {
                throw new ProcessEngineException("请选择处理结果：重新开立贷款或保持结清 (REOPEN_LOAN or KEEP_SETTLED)");
            }
            String notes = ExecutionVariables.string(task, "lateReversalNotes");
            if (notes == null || notes.isBlank()) {
                throw new ProcessEngineException("请填写处理说明 (lateReversalNotes)");
            }
        }
        for (String required : List.of("refundReference", "lienReleaseReference", "ledgerFinding", "slaFollowUpOutcome")) {
            if (Objects.equals(RECORDED_FIELDS.get(key).get(0), required)) {
                String value = ExecutionVariables.string(task, required);
                if (value == null || value.isBlank()) {
                    throw new ProcessEngineException("Enter the " + required + " before completing the task");
                }
            }
        }
    }

    private static void validateContactOutcome(DelegateTask task) {
        String outcome = ExecutionVariables.string(task, "contactOutcome");
        if (!CONTACT_OUTCOMES.contains(outcome)) {
            throw new ProcessEngineException("Choose an outcome: reached by phone, contact details corrected, or unreachable");
        }
        if (!"CONTACTS_CORRECTED".equals(outcome)) {
            return;
        }
        String phone = blankToNull(ExecutionVariables.string(task, "correctedPhone"));
        String email = blankToNull(ExecutionVariables.string(task, "correctedEmail"));
        String wechat = blankToNull(ExecutionVariables.string(task, "correctedWechatOpenId"));
        String push = blankToNull(ExecutionVariables.string(task, "correctedPushToken"));
        if (phone == null && email == null && wechat == null && push == null) {
            throw new ProcessEngineException("Enter at least one corrected contact detail");
        }
        if (phone != null && !E164.matcher(phone).matches()) {
            throw new ProcessEngineException("The corrected phone must be an E.164 number such as +8613800138000");
        }
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw new ProcessEngineException("The corrected e-mail address is not valid");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The signed-in user who completed the task; the assignee when the engine was called without one. */
    private String completedBy(DelegateTask task) {
        Authentication current = identity.getCurrentAuthentication();
        return current != null && current.getUserId() != null ? current.getUserId() : task.getAssignee();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
