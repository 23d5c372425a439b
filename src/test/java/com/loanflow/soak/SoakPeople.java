package com.loanflow.soak;

import static com.loanflow.support.StaffUsers.CUSTOMER_SERVICE;
import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static com.loanflow.support.StaffUsers.RISK_OFFICER;
import static com.loanflow.support.StaffUsers.SERVICING;
import static com.loanflow.support.StaffUsers.SERVICING_MANAGER;

import com.loanflow.support.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.springframework.http.HttpMethod;

/**
 * The people around the loans: staff who work "Contact borrower" (each outcome, after a while, sometimes never) and
 * "Refund overpayment" in Tasklist through the engine's task API with the form's fields, and borrowers who read
 * their notices in the app early, soon after delivery, a day or more later, or never.
 */
final class SoakPeople {

    private static final Set<String> CONTACT_TASKS = Set.of("Task_ContactBorrower", "Task_ContactBorrowerEscalated");
    private static final Map<String, String> USER_OF_GROUP = Map.of("customer-service", CUSTOMER_SERVICE,
            "loan-servicing", SERVICING, "servicing-managers", SERVICING_MANAGER, "risk-officers", RISK_OFFICER);

    private enum Reading { NEVER, EARLY, SOON, LATE }

    private final SoakClient client;
    private final SoakClock clock;
    private final FaultPlan faults;
    private final SoakLoans loans;
    private final Set<String> tasksSeen = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> contactTasks = new ConcurrentHashMap<>();
    private final Map<String, Reading> readers = new ConcurrentHashMap<>();
    private final Set<String> readsScheduled = ConcurrentHashMap.newKeySet();

    SoakPeople(SoakClient client, SoakClock clock, FaultPlan faults, SoakLoans loans) {
        this.client = client;
        this.clock = clock;
        this.faults = faults;
        this.loans = loans;
    }

    /** Looks at Tasklist and at the borrowers' notices, and puts what people will do on the agenda. */
    void observe(SoakNode node) {
        TaskService tasks = node.bean(TaskService.class);
        for (Task task : tasks.createTaskQuery().active().list()) {
            if (tasksSeen.add(task.getId())) {
                if (CONTACT_TASKS.contains(task.getTaskDefinitionKey())) {
                    planContact(task, group(tasks, task));
                } else if (task.getTaskDefinitionKey().equals("Task_RefundOverpayment")) {
                    Duration after = Duration.ofMinutes(30 + faults.roll("staff:refund", 270));
                    String group = group(tasks, task);
                    clock.after(after, "refund " + task.getId(), () -> submit(task.getId(), group,
                            Map.of("refundReference", "REF-" + task.getProcessInstanceId(), "refundConfirmed", true)));
                }
            }
        }
        node.jdbc().sql("""
                        select id, loan_id, delivered_at from notice
                        where read_at is null and status not in ('READ', 'RESOLVED_BY_STAFF')""")
                .query((rs, n) -> {
                    planReading(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getTimestamp(3))
                            .map(java.sql.Timestamp::toInstant));
                    return null;
                }).list();
    }

    private void planContact(Task task, String group) {
        // A notice back with staff a second time is resolved now (or left open): the soak ends in finite time.
        boolean again = contactTasks.merge(task.getProcessInstanceId(), 1, Integer::sum) > 1;
        int roll = faults.roll("staff:outcome", 100);
        if (again) {
            roll = roll < 90 ? 0 : 99;
        }
        Duration after = Duration.ofMinutes(10 + faults.roll("staff:delay", 470));
        if (roll >= 92) {
            faults.count("staff: task left open");
            return;
        }
        String outcome = roll < 40 ? "REACHED_BY_PHONE" : roll < 70 ? "CONTACTS_CORRECTED" : "UNREACHABLE";
        clock.after(after, outcome + " " + task.getId(), () -> {
            Map<String, Object> fields = new HashMap<>(Map.of("contactOutcome", outcome,
                    "contactNote", "soak: " + outcome.toLowerCase()));
            SoakLoan loan = loanOfTask(task).orElse(null);
            String phone = null;
            if (outcome.equals("CONTACTS_CORRECTED") && loan != null) {
                phone = SoakLoan.phone(loan.index, ++loan.contactChanges);
                fields.put("correctedPhone", phone);
            }
            if (submit(task.getId(), group, fields) && phone != null) {
                loans.corrected(loan, phone);
            }
            faults.count("staff: " + outcome);
        });
    }

    private Optional<SoakLoan> loanOfTask(Task task) {
        return client.liveNodes().stream().findFirst().flatMap(node -> node.jdbc()
                .sql("select loan_id from notice where process_instance_id = :id")
                .param("id", task.getProcessInstanceId()).query(String.class).optional())
                .flatMap(loans::byLoanId);
    }

    /** Completes the task with the form's fields, as the user of its candidate group; false if it is gone. */
    private boolean submit(String taskId, String group, Map<String, Object> fields) {
        Map<String, Object> variables = new HashMap<>();
        fields.forEach((name, value) -> variables.put(name, Map.of("value", value)));
        String user = USER_OF_GROUP.getOrDefault(group, SERVICING_MANAGER);
        ApiClient.Response submitted = client.engine("submit-form " + taskId, (api, engine) -> api.post(
                engine + "/task/" + taskId + "/submit-form", Map.of("variables", variables), user, PASSWORD));
        if (submitted.status() == 204) {
            return true;
        }
        // 404: the task is gone (the borrower read the notice, a receipt or a contact change ended it first).
        if (submitted.status() != 404) {
            loans.notes().add("task " + taskId + ": submit-form answered " + submitted.status() + ": "
                    + submitted.text());
        }
        return false;
    }

    private static String group(TaskService tasks, Task task) {
        return tasks.getIdentityLinksForTask(task.getId()).stream().map(IdentityLink::getGroupId)
                .filter(g -> g != null).findFirst().orElse("servicing-managers");
    }

    private void planReading(String noticeId, String loanId, Optional<Instant> deliveredAt) {
        Reading reading = readers.computeIfAbsent(noticeId, id -> {
            int roll = faults.roll("borrower:reading", 100);
            Reading r = roll < 25 ? Reading.NEVER : roll < 40 ? Reading.EARLY : roll < 80 ? Reading.SOON : Reading.LATE;
            faults.count("borrower: reads " + r.name().toLowerCase());
            return r;
        });
        Instant at = switch (reading) {
            case NEVER -> null;
            case EARLY -> clock.now().plus(Duration.ofMinutes(1 + faults.roll("borrower:early", 20)));
            case SOON -> deliveredAt.map(d -> d.plus(Duration.ofMinutes(1 + faults.roll("borrower:soon", 90))))
                    .orElse(null);
            case LATE -> deliveredAt.map(d -> d.plus(Duration.ofHours(20 + faults.roll("borrower:late", 30))))
                    .orElse(null);
        };
        if (at != null && readsScheduled.add(noticeId)) {
            clock.at(at, "read " + noticeId, () -> read(noticeId, loanId));
        }
    }

    private void read(String noticeId, String loanId) {
        ApiClient.Response token = client.call("borrower token", api -> api.post("/api/loans/" + loanId
                + "/borrower-tokens", null, INTEGRATOR, PASSWORD));
        if (token.status() != 201) {
            loans.notes().add("borrower token for " + loanId + " answered " + token.status());
            return;
        }
        String bearer = token.json().get("token").asText();
        ApiClient.Response read = client.call("read acknowledgement", api -> api.asBorrower(HttpMethod.POST,
                "/api/notices/" + noticeId + "/read", Map.of("readAt", java.time.OffsetDateTime.now(clock.clockAt())
                        .toString()), bearer));
        if (read.status() != 200) {
            loans.notes().add("read of " + noticeId + " answered " + read.status() + ": " + read.text());
        }
    }
}
