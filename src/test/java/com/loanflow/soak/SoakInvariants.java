package com.loanflow.soak;

import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.Pdfs;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The invariants the soak proves, checked after the run has drained: (a) every notice confirmed or in a person's
 * hands, (c) the settlement notice raised at payoff, (d) every ledger sound, (e) no 5xx; (b), the providers' view, is
 * {@link DuplicateSends}. Each violation names the notice or loan and what was expected, so the list can be handed
 * to whoever fixes it.
 */
final class SoakInvariants {

    static final Duration SETTLED_NOTICE_WITHIN = Duration.ofSeconds(15);
    static final String NOTIFY = "notify-borrower";
    private static final Pattern TOTAL_REPAID = Pattern.compile("Total repaid\\D*([0-9,]+\\.[0-9]{2})");

    /** What the check found: violations per invariant, and the figures of the report. */
    static final class Verdict {
        final Map<String, List<String>> violations = new LinkedHashMap<>();
        final Map<String, Long> finalStates = new TreeMap<>();
        long notices;
        long lost;
        Duration longestToStaff = Duration.ZERO;
        String longestToStaffNotice = "-";
        Duration longestSettledNoticeDelay = Duration.ZERO;

        void violate(String invariant, String what) {
            violations.computeIfAbsent(invariant, k -> new ArrayList<>()).add(what);
        }

        boolean holds() {
            return violations.values().stream().allMatch(List::isEmpty);
        }
    }

    private record NoticeRow(String id, String loanId, String event, String status, boolean readAckRequired,
                             String processInstanceId, Instant createdAt) {
    }

    private final SoakNode node;
    private final SoakClient client;
    private final JdbcClient jdbc;

    SoakInvariants(SoakNode node, SoakClient client) {
        this.node = node;
        this.client = client;
        this.jdbc = node.jdbc();
    }

    void everyNoticeConfirmedOrWithStaff(Verdict verdict) {
        String a = "(a) every notice DELIVERED, READ or RESOLVED_BY_STAFF, or with an open task";
        verdict.violations.putIfAbsent(a, new ArrayList<>());
        List<NoticeRow> notices = notices();
        Map<String, List<Task>> tasks = node.bean(TaskService.class).createTaskQuery().processDefinitionKey(NOTIFY)
                .active().list().stream().collect(Collectors.groupingBy(Task::getProcessInstanceId));
        Map<String, List<Incident>> incidents = node.bean(RuntimeService.class).createIncidentQuery().list().stream()
                .filter(i -> i.getProcessInstanceId() != null)
                .collect(Collectors.groupingBy(Incident::getProcessInstanceId));
        Map<String, List<Job>> timers = node.bean(ManagementService.class).createJobQuery().timers().list().stream()
                .filter(j -> j.getProcessInstanceId() != null)
                .collect(Collectors.groupingBy(Job::getProcessInstanceId));
        Set<String> running = node.bean(RuntimeService.class).createProcessInstanceQuery().processDefinitionKey(NOTIFY)
                .list().stream().map(ProcessInstance::getId).collect(Collectors.toSet());
        verdict.notices = notices.size();
        for (NoticeRow n : notices) {
            verdict.finalStates.merge(n.status() + (tasks.containsKey(n.processInstanceId()) ? " (open task)" : ""),
                    1L, Long::sum);
            // A LOAN_SETTLED whose settlement a reversal undid is withdrawn on purpose; REPAYMENT_REVERSED tells why.
            boolean withdrawn = n.status().equals("WITHDRAWN") && notices.stream()
                    .anyMatch(o -> o.loanId().equals(n.loanId()) && o.event().equals("REPAYMENT_REVERSED"));
            boolean confirmed = n.status().equals("READ") || n.status().equals("RESOLVED_BY_STAFF") || withdrawn
                    || n.status().equals("DELIVERED") && !n.readAckRequired();
            boolean withStaff = tasks.containsKey(n.processInstanceId());
            String who = "notice " + n.id() + " (" + n.event() + ", loan " + n.loanId() + ") is " + n.status();
            String problem = null;
            if (confirmed || withStaff) {
                continue;
            } else if (n.status().equals("DELIVERED") && (timers.containsKey(n.processInstanceId()))) {
                continue; // delivered, its read acknowledgement still awaited on a timer
            } else if (incidents.containsKey(n.processInstanceId())) {
                Incident incident = incidents.get(n.processInstanceId()).get(0);
                problem = "sits only in an incident (" + incident.getIncidentType() + " at "
                        + incident.getActivityId() + ": " + abbreviate(incident.getIncidentMessage()) + "), no task";
            } else if (!running.contains(n.processInstanceId())) {
                problem = "its delivery process has ended, and no task is open";
            } else if (timers.containsKey(n.processInstanceId())) {
                problem = "still waits on a timer due " + timers.get(n.processInstanceId()).get(0).getDuedate()
                        + " after the drain, with no task";
            } else {
                problem = "waits with no timer and no task";
            }
            verdict.violate(a, who + ": " + problem);
            verdict.lost++;
        }
        Set<String> known = notices.stream().map(NoticeRow::processInstanceId).collect(Collectors.toSet());
        for (Map.Entry<String, List<Incident>> stuck : incidents.entrySet()) {
            if (running.contains(stuck.getKey()) && !known.contains(stuck.getKey())) {
                Incident incident = stuck.getValue().get(0);
                verdict.violate(a, "a notice of loan " + businessKey(stuck.getKey()) + " never got its row: "
                        + NOTIFY + " " + stuck.getKey() + " sits in an incident at " + incident.getActivityId() + ": "
                        + abbreviate(incident.getIncidentMessage()));
                verdict.lost++;
            }
        }
        longestTimeToStaff(verdict, notices);
    }

    /** From a notice's creation to the first staff task about it (engine time): how long it went unconfirmed. */
    private void longestTimeToStaff(Verdict verdict, List<NoticeRow> notices) {
        Map<String, Instant> firstTask = new HashMap<>();
        for (HistoricTaskInstance task : node.bean(HistoryService.class).createHistoricTaskInstanceQuery()
                .processDefinitionKey(NOTIFY).list()) {
            firstTask.merge(task.getProcessInstanceId(), task.getStartTime().toInstant(),
                    (x, y) -> x.isBefore(y) ? x : y);
        }
        for (NoticeRow n : notices) {
            Instant task = firstTask.get(n.processInstanceId());
            if (task != null && Duration.between(n.createdAt(), task).compareTo(verdict.longestToStaff) > 0) {
                verdict.longestToStaff = Duration.between(n.createdAt(), task);
                verdict.longestToStaffNotice = n.id() + " (" + n.event() + ")";
            }
        }
    }

    void settledNoticeAtPayoff(Verdict verdict, List<SoakLoan> loans) {
        String c = "(c) LOAN_SETTLED created within " + SETTLED_NOTICE_WITHIN.toSeconds() + " s of every payoff";
        verdict.violations.putIfAbsent(c, new ArrayList<>());
        for (SoakLoan loan : loans) {
            if (!loan.paidOff || loan.payoffs.isEmpty()) {
                continue;
            }
            Instant payoff = loan.payoffs.get(loan.payoffs.size() - 1);
            List<Instant> settledNotices = jdbc.sql("""
                            select created_at from notice where loan_id = :loan and event = 'LOAN_SETTLED'
                            order by created_at""")
                    .param("loan", loan.loanId).query(Timestamp.class).list().stream().map(Timestamp::toInstant)
                    .toList();
            Instant after = settledNotices.stream().filter(t -> !t.isBefore(payoff.minusSeconds(2))).findFirst()
                    .orElse(null);
            if (after != null && Duration.between(payoff, after).compareTo(verdict.longestSettledNoticeDelay) > 0) {
                verdict.longestSettledNoticeDelay = Duration.between(payoff, after);
            }
            if (after == null || Duration.between(payoff, after).compareTo(SETTLED_NOTICE_WITHIN) > 0) {
                verdict.violate(c, "loan " + loan.loanId + " (" + loan.payoff + (loan.payoffs.size() > 1
                        ? ", paid off again after a reversal" : "") + ") paid off at " + payoff + ": "
                        + (after == null ? "no LOAN_SETTLED notice since" : "LOAN_SETTLED only created at " + after
                        + " (" + Duration.between(payoff, after) + " later)"));
            }
        }
    }

    void ledgersBalance(Verdict verdict, List<SoakLoan> loans) {
        String d = "(d) every ledger verifies and balances are the schedule minus the allocations";
        verdict.violations.putIfAbsent(d, new ArrayList<>());
        for (SoakLoan loan : loans) {
            if (loan.loanId == null) {
                continue;
            }
            JsonNode view = get("/api/loans/" + loan.loanId);
            if (view == null || view.path("disbursedAt").isMissingNode() || view.path("disbursedAt").isNull()) {
                continue;
            }
            List<String> wrong = new ArrayList<>();
            JsonNode ledger = get("/api/loans/" + loan.loanId + "/ledger");
            JsonNode schedule = get("/api/loans/" + loan.loanId + "/schedule");
            if (ledger == null || schedule == null) {
                verdict.violate(d, "loan " + loan.loanId + ": ledger or schedule not readable");
                continue;
            }
            if (!ledger.path("valid").asBoolean()) {
                wrong.add("ledger does not verify from entry " + ledger.path("brokenAtSequence").asText());
            }
            BigDecimal scheduledPrincipal = sum(schedule.path("instalments"), "principal");
            BigDecimal paidOnSchedule = sum(schedule.path("instalments"), "paid");
            Map<String, BigDecimal> standing = jdbc.sql("""
                            select coalesce(sum(amount), 0) amount, coalesce(sum(principal_applied), 0) principal,
                                coalesce(sum(principal_applied + interest_applied + fees_applied
                                    + penalties_applied), 0) owed,
                                coalesce(sum(overpaid_applied), 0) overpaid,
                                coalesce(sum(amount - principal_applied - interest_applied - fees_applied
                                    - penalties_applied - overpaid_applied), 0) unallocated
                            from repayment where loan_id = :loan and reversed_at is null""")
                    .param("loan", loan.loanId).query((rs, n) -> Map.of("amount", rs.getBigDecimal(1),
                            "principal", rs.getBigDecimal(2), "owed", rs.getBigDecimal(3), "overpaid",
                            rs.getBigDecimal(4), "unallocated", rs.getBigDecimal(5))).single();
            Map<String, BigDecimal> booked = new HashMap<>();
            ledger.path("entries").forEach(e -> booked.merge(e.path("type").asText(), e.path("amount").decimalValue(),
                    BigDecimal::add));
            expect(wrong, "scheduled principal", scheduledPrincipal, view.path("principal").decimalValue());
            expect(wrong, "outstanding principal", view.path("outstanding").path("principal").decimalValue(),
                    scheduledPrincipal.subtract(standing.get("principal")));
            expect(wrong, "paid on the schedule", paidOnSchedule, standing.get("owed"));
            expect(wrong, "repayment amounts not allocated", standing.get("unallocated"), BigDecimal.ZERO);
            expect(wrong, "overpaid", view.path("overpaid").decimalValue(),
                    standing.get("overpaid").subtract(booked.getOrDefault("REFUND", BigDecimal.ZERO)));
            expect(wrong, "ledger repayments less reversals", booked.getOrDefault("REPAYMENT", BigDecimal.ZERO)
                    .subtract(booked.getOrDefault("REVERSAL", BigDecimal.ZERO)), standing.get("amount"));
            String status = view.path("status").asText();
            if (status.equals("SETTLED") || status.equals("CLOSED")) {
                expect(wrong, "outstanding of a " + status + " loan", view.path("outstanding").path("total")
                        .decimalValue(), BigDecimal.ZERO);
                certificate(loan, ledger.path("valid").asBoolean(), standing.get("owed"), wrong);
            }
            if (!wrong.isEmpty()) {
                verdict.violate(d, "loan " + loan.loanId + " (" + status + "): " + String.join("; ", wrong));
            }
        }
    }

    /**
     * The settlement verification's side of the ledger: a certificate that the ledger backs is handed out, and the
     * total it states as repaid is what the standing repayments paid (a reversed one paid nothing).
     */
    private void certificate(SoakLoan loan, boolean ledgerValid, BigDecimal repaid, List<String> wrong) {
        ApiClient.BinaryResponse certificate = client.download("invariant check certificate", "/api/loans/"
                + loan.loanId + "/settlement-certificate", INTEGRATOR, PASSWORD);
        if (certificate.status() == 200) {
            String total = String.format(Locale.ROOT, "%,.2f", repaid);
            String text = Pdfs.text(certificate.body());
            Matcher stated = TOTAL_REPAID.matcher(text);
            if (!text.contains(total)) {
                long reversed = jdbc.sql(
                                "select count(*) from repayment where loan_id = :loan and reversed_at is not null")
                        .param("loan", loan.loanId).query(Long.class).single();
                wrong.add("the settlement certificate states " + (stated.find() ? stated.group(1) : "another total")
                        + " repaid, the standing repayments paid " + total + " (" + reversed + " reversed)");
            }
        } else if (certificate.text().contains("ledger-tampered") && ledgerValid) {
            wrong.add("the settlement certificate is refused as ledger-tampered although the ledger verifies");
        }
    }

    void noServerErrors(Verdict verdict) {
        String e = "(e) no request of the soak got a 5xx";
        verdict.violations.putIfAbsent(e, new ArrayList<>());
        client.serverErrors().forEach(error -> verdict.violate(e, error.request() + " on " + error.node() + ": HTTP "
                + error.status() + " " + error.body()));
    }

    private JsonNode get(String path) {
        ApiClient.Response response = client.call("invariant check " + path, api -> api.get(path, INTEGRATOR,
                PASSWORD));
        return response.status() == 200 ? response.json() : null;
    }

    private List<NoticeRow> notices() {
        return jdbc.sql("""
                        select id, loan_id, event, status, read_ack_required, process_instance_id, created_at
                        from notice order by created_at""")
                .query((rs, n) -> new NoticeRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getString(6), rs.getTimestamp(7).toInstant()))
                .list();
    }

    private String businessKey(String processInstanceId) {
        ProcessInstance instance = node.bean(RuntimeService.class).createProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult();
        return instance == null ? "?" : instance.getBusinessKey();
    }

    private static BigDecimal sum(JsonNode items, String field) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode item : items) {
            total = total.add(item.path(field).decimalValue());
        }
        return total;
    }

    private static void expect(List<String> wrong, String what, BigDecimal actual, BigDecimal expected) {
        if (actual.compareTo(expected) != 0) {
            wrong.add(what + " is " + actual.toPlainString() + ", expected " + expected.toPlainString());
        }
    }

    static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 160 ? text : text.substring(0, 160) + "…";
    }
}
