package com.loanflow.soak;

import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.TestApplications;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;

/**
 * Drives each loan through its life over LoanFlow's HTTP API, one step per agenda item at an engine time: the
 * application, the signature, the first instalment (on both nodes at once as a replay, with a part payment beside
 * it), a bounced payment, the payoff (exact or too much), a reversal after it and the payoff again, and contact
 * changes (also in the middle of a send, when a provider asks for one).
 */
final class SoakLoans {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Pattern EXISTING_APPLICATION = Pattern.compile("already open as loan (LN-[A-Z0-9]+)");

    private final SoakClient client;
    private final SoakClock clock;
    private final FaultPlan faults;
    private final List<SoakLoan> loans;
    private final Map<String, SoakLoan> byAddress = new ConcurrentHashMap<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final ExecutorService atOnce = Executors.newCachedThreadPool();

    SoakLoans(SoakClient client, SoakClock clock, FaultPlan faults, List<SoakLoan> loans) {
        this.client = client;
        this.clock = clock;
        this.faults = faults;
        this.loans = loans;
        loans.forEach(this::index);
    }

    List<SoakLoan> loans() {
        return loans;
    }

    /** What the harness could not do as planned (a 4xx it did not expect, a loan that did not move): not a verdict. */
    List<String> notes() {
        return notes;
    }

    /** Staggers the applications over the first engine hour. */
    void schedule(Instant start) {
        for (SoakLoan loan : loans) {
            clock.at(start.plusSeconds(loan.random.nextInt(3600)), "apply " + loan.label(), () -> apply(loan));
        }
    }

    private void apply(SoakLoan loan) {
        Map<String, Object> application = TestApplications.application(loan.rejected ? "001" : "123");
        @SuppressWarnings("unchecked")
        Map<String, Object> applicant = (Map<String, Object>) application.get("applicant");
        applicant.put("phone", loan.phone);
        applicant.put("email", loan.email);
        applicant.put("preferredChannels", loan.preferredChannels);
        put(applicant, "wechatOpenId", loan.wechatOpenId);
        put(applicant, "pushToken", loan.pushToken);
        ApiClient.Response created = client.call("apply", api -> api.post("/api/applications", application,
                INTEGRATOR, PASSWORD));
        Matcher existing = EXISTING_APPLICATION.matcher(created.text() == null ? "" : created.text());
        if (created.status() == 409 && existing.find()) {
            // Sent again after the node that took it crashed before answering: the first one stands.
            loan.loanId = existing.group(1);
        } else if (created.status() != 201) {
            note(loan, "application answered " + created.status() + ": " + created.text());
            loan.done = true;
            return;
        } else {
            loan.loanId = created.json().get("loanId").asText();
        }
        String status = awaitStatus(loan, "AWAITING_SIGNATURE", "REJECTED");
        if (!"AWAITING_SIGNATURE".equals(status)) {
            loan.done = true;
            return;
        }
        later(loan, 1, 40, "sign", () -> sign(loan));
    }

    private void sign(SoakLoan loan) {
        ApiClient.Response signed = client.call("contract signature", api -> api.post(path(loan, "contract-signature"),
                Map.of("signedAt", OffsetDateTime.now(clock.clockAt()).minusMinutes(1).toString()), INTEGRATOR,
                PASSWORD));
        // 409 when the signature was sent again after the node that took it crashed: it stands, the loan goes on.
        if ((signed.status() != 202 && signed.status() != 409) || !"ACTIVE".equals(awaitStatus(loan, "ACTIVE"))) {
            note(loan, "signature answered " + signed.status() + ", loan did not become ACTIVE");
            loan.done = true;
            return;
        }
        later(loan, 30, 360, "first instalment", () -> firstInstalment(loan));
    }

    /** The payment system posts the instalment to both nodes at once (a retry after a timeout), and a part payment. */
    private void firstInstalment(SoakLoan loan) {
        JsonNode schedule = client.call("schedule", api -> api.get(path(loan, "schedule"), INTEGRATOR, PASSWORD))
                .json();
        BigDecimal instalment = schedule.path("instalments").path(0).path("total").decimalValue();
        Map<String, Object> payment = repayment(loan, "I1", instalment);
        List<Supplier<ApiClient.Response>> calls = new ArrayList<>(List.of(
                () -> client.call("repayment", api -> api.post(path(loan, "repayments"), payment, INTEGRATOR,
                        PASSWORD)),
                () -> client.call("repayment replay", api -> api.post(path(loan, "repayments"), payment, INTEGRATOR,
                        PASSWORD))));
        if (loan.partPaymentAlongside) {
            loan.partPaymentTransaction = transaction(loan, "P1");
            Map<String, Object> part = repayment(loan, "P1", new BigDecimal("500.00"));
            calls.add(() -> client.call("part payment", api -> api.post(path(loan, "repayments"), part, INTEGRATOR,
                    PASSWORD)));
            faults.count("loan: two repayments at once");
        }
        faults.count("loan: repayment replayed on both nodes");
        List<ApiClient.Response> answers = atOnce(calls);
        List<Integer> statuses = answers.subList(0, 2).stream().map(ApiClient.Response::status).sorted().toList();
        if (!statuses.equals(List.of(200, 201))) {
            note(loan, "instalment and its replay answered " + statuses + " instead of one 201 and one 200");
        }
        if (loan.reversalBeforePayoff) {
            later(loan, 20, 180, "reverse part payment", () -> reverse(loan, loan.partPaymentTransaction));
        }
        if (loan.payoff != SoakLoan.Payoff.NONE) {
            later(loan, 60, 600, "payoff", () -> payOff(loan));
        } else {
            loan.done = true;
        }
    }

    private void payOff(SoakLoan loan) {
        ApiClient.Response quote = client.call("payoff quote", api -> api.get(path(loan, "payoff-quote"), INTEGRATOR,
                PASSWORD));
        if (quote.status() != 200) {
            note(loan, "payoff quote answered " + quote.status() + ": " + quote.text());
            loan.done = true;
            return;
        }
        BigDecimal total = quote.json().get("total").decimalValue();
        if (loan.payoff == SoakLoan.Payoff.OVERPAID) {
            total = total.add(new BigDecimal("100.00"));
            faults.count("loan: overpayment");
        }
        String tag = "PO" + loan.payoffs.size();
        loan.payoffTransaction = transaction(loan, tag);
        Map<String, Object> body = repayment(loan, tag, total);
        ApiClient.Response paid = client.call("payoff", api -> api.post(path(loan, "repayments"), body, INTEGRATOR,
                PASSWORD));
        if (paid.status() != 201) {
            note(loan, "payoff answered " + paid.status() + ": " + paid.text());
            loan.done = true;
            return;
        }
        String status = loanStatus(loan);
        if (status.equals("SETTLED") || status.equals("CLOSED")) {
            loan.payoffs.add(Instant.parse(paid.json().get("postedAt").asText()));
            loan.paidOff = true;
        } else {
            note(loan, "after the payoff the loan is " + status);
        }
        if (loan.reversalAfterPayoff && loan.payoffs.size() == 1) {
            later(loan, 60, 480, "reverse payoff", () -> {
                if (reverse(loan, loan.payoffTransaction)) {
                    loan.paidOff = false;
                    faults.count("loan: reversal after payoff");
                    later(loan, 60, 360, "payoff again", () -> payOff(loan));
                } else {
                    loan.done = true;
                }
            });
        } else {
            loan.done = true;
        }
    }

    private boolean reverse(SoakLoan loan, String transactionId) {
        ApiClient.Response reversed = client.call("reversal", api -> api.post(path(loan, "repayments/" + transactionId
                + "/reversal"), Map.of("reversedAt", OffsetDateTime.now(clock.clockAt()).toString(),
                "reason", "R01 付款账户余额不足"), INTEGRATOR, PASSWORD));
        faults.count("loan: repayment reversed");
        if (reversed.status() != 200) {
            note(loan, "reversal of " + transactionId + " answered " + reversed.status() + ": " + reversed.text());
            return false;
        }
        return true;
    }

    /** The borrower app sends new contact details (a new number, sometimes a new e-mail address). */
    void changeContacts(SoakLoan loan, String why) {
        if (loan.loanId == null || loan.contactChanges >= 3) {
            return;
        }
        int change = ++loan.contactChanges;
        String phone = SoakLoan.phone(loan.index, change);
        String email = faults.roll("contacts:email", 2) == 0
                ? "borrower" + loan.index + "-c" + change + "@mail.example" : null;
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("phone", phone);
        put(body, "email", email);
        ApiClient.Response changed;
        if (faults.roll("contacts:by-borrower", 2) == 0) {
            // In the borrower app, with the borrower's own token.
            ApiClient.Response token = client.call("borrower token", api -> api.post(path(loan, "borrower-tokens"),
                    null, INTEGRATOR, PASSWORD));
            String bearer = token.json().path("token").asText();
            changed = client.call("contact change by the borrower", api -> api.asBorrower(HttpMethod.PUT,
                    path(loan, "contacts"), body, bearer));
        } else {
            // Through the app's backend (or an agent on the phone).
            changed = client.call("contact change", api -> api.put(path(loan, "contacts"), body, INTEGRATOR,
                    PASSWORD));
        }
        faults.count("contacts: " + why);
        if (changed.status() != 200) {
            note(loan, "contact change answered " + changed.status() + ": " + changed.text());
            return;
        }
        loan.phone = phone;
        if (email != null) {
            loan.email = email;
        }
        index(loan);
    }

    /** A provider is in the middle of a send to this address: its borrower changes their contact details now. */
    void changeContactsOf(String address) {
        SoakLoan loan = byAddress.get(address == null ? "" : address.toLowerCase());
        if (loan != null) {
            changeContacts(loan, "changed in the middle of a send");
        }
    }

    /** Contact details as staff corrected them in "Contact borrower". */
    void corrected(SoakLoan loan, String phone) {
        loan.phone = phone;
        index(loan);
    }

    Optional<SoakLoan> byLoanId(String loanId) {
        return loans.stream().filter(l -> loanId.equals(l.loanId)).findFirst();
    }

    private void index(SoakLoan loan) {
        for (String address : new String[] {loan.phone, loan.email, loan.wechatOpenId, loan.pushToken}) {
            if (address != null) {
                byAddress.put(address.toLowerCase(), loan);
            }
        }
    }

    private String awaitStatus(SoakLoan loan, String... statuses) {
        Instant giveUp = Instant.now().plus(PATIENCE);
        String status = null;
        while (Instant.now().isBefore(giveUp)) {
            status = loanStatus(loan);
            if (List.of(statuses).contains(status)) {
                return status;
            }
            sleep(250);
        }
        note(loan, "still " + status + " after " + PATIENCE.toSeconds() + " s, expected " + List.of(statuses));
        return status;
    }

    String loanStatus(SoakLoan loan) {
        ApiClient.Response view = client.call("loan", api -> api.get("/api/loans/" + loan.loanId, INTEGRATOR,
                PASSWORD));
        return view.status() == 200 ? view.json().get("status").asText() : "HTTP " + view.status();
    }

    private void later(SoakLoan loan, int fromMinutes, int toMinutes, String what, Runnable step) {
        Duration delay = Duration.ofMinutes(fromMinutes + loan.random.nextInt(toMinutes - fromMinutes + 1));
        clock.after(delay, what + " " + loan.label(), step);
        if (loan.changesContacts && loan.random.nextInt(100) < 30) {
            clock.after(delay.dividedBy(2), "contact change " + loan.label(),
                    () -> changeContacts(loan, "changed between steps"));
        }
    }

    private List<ApiClient.Response> atOnce(List<Supplier<ApiClient.Response>> calls) {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<ApiClient.Response>> answers = calls.stream()
                .map(call -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return call.get();
                }, atOnce))
                .toList();
        start.countDown();
        return answers.stream().map(CompletableFuture::join).toList();
    }

    private Map<String, Object> repayment(SoakLoan loan, String tag, BigDecimal amount) {
        return Map.of("transactionId", transaction(loan, tag), "amount", amount,
                "paidAt", OffsetDateTime.now(clock.clockAt()).minusSeconds(30).toString(), "channel", "BANK_TRANSFER");
    }

    private static String transaction(SoakLoan loan, String tag) {
        return "TX-" + loan.loanId + "-" + tag;
    }

    private static String path(SoakLoan loan, String resource) {
        return "/api/loans/" + loan.loanId + "/" + resource;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    private void note(SoakLoan loan, String what) {
        notes.add(loan.label() + ": " + what);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void close() {
        atOnce.shutdownNow();
    }
}
