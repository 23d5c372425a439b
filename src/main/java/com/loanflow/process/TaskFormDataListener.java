package com.loanflow.process;

import static com.loanflow.process.ProcessConstants.VAR_INSTALMENT_NUMBER;

import com.loanflow.borrower.Borrower;
import com.loanflow.borrower.BorrowerRepository;
import com.loanflow.borrower.Channel;
import com.loanflow.borrower.Contact;
import com.loanflow.loan.Loan;
import com.loanflow.loan.LoanAccounts;
import com.loanflow.loan.LoanRepository;
import com.loanflow.loan.Repayment;
import com.loanflow.loan.RepaymentRepository;
import com.loanflow.loan.ReversalReview;
import com.loanflow.loan.ReversalReviews;
import com.loanflow.loan.ledger.Ledger;
import com.loanflow.notice.NoticeEvent;
import com.loanflow.notice.NoticeService;
import com.loanflow.settlement.SettlementSla;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On task creation, copies what the task's form shows (applicant, amounts, contacts) into task-local variables.
 * They live and die with the task, so the process keeps only ids and decisions while staff see a complete form.
 */
@Component
class TaskFormDataListener implements TaskListener {

    private final LoanRepository loans;
    private final LoanAccounts accounts;
    private final BorrowerRepository borrowers;
    private final Ledger ledger;
    private final NoticeService notices;
    private final SettlementSla sla;
    private final RepaymentRepository repayments;
    private final ReversalReviews reversalReviews;

    TaskFormDataListener(LoanRepository loans, LoanAccounts accounts, BorrowerRepository borrowers, Ledger ledger,
                         NoticeService notices, SettlementSla sla, RepaymentRepository repayments,
                         ReversalReviews reversalReviews) {
        this.loans = loans;
        this.accounts = accounts;
        this.borrowers = borrowers;
        this.ledger = ledger;
        this.notices = notices;
        this.sla = sla;
        this.repayments = repayments;
        this.reversalReviews = reversalReviews;
    }

    @Override
    public void notify(DelegateTask task) {
        Loan loan = loans.get(ExecutionVariables.loanId(task));
        Borrower borrower = borrowers.find(loan.borrowerId()).orElseThrow();
        Map<String, Object> data = new HashMap<>();
        data.put("loanId", loan.id());
        data.put("borrowerName", borrower.name());
        data.put("vehicle", loan.vehicle().make() + " " + loan.vehicle().model());
        data.put("vin", loan.vehicle().vin());
        data.put("principal", money(loan.principal()));
        switch (task.getTaskDefinitionKey()) {
            case TaskKeys.REVIEW_APPLICATION, TaskKeys.REVIEW_ESCALATED_APPLICATION -> review(loan, data);
            case TaskKeys.CONTACT_OVERDUE_BORROWER -> overdue(task, loan, borrower, data);
            case TaskKeys.REFUND_OVERPAYMENT -> data.put("overpaidAmount", money(loan.overpaidAmount()));
            case TaskKeys.RELEASE_LIEN -> settled(loan, data);
            case TaskKeys.FOLLOW_UP_CALL -> {
                settled(loan, data);
                data.put("lienReleaseReference", loan.lienReleaseReference());
                data.put("phone", phone(borrower));
            }
            case TaskKeys.INVESTIGATE_LEDGER -> {
                Ledger.Verification verification = ledger.verify(loan.id());
                data.put("ledgerEntries", verification.entries().size());
                data.put("ledgerBrokenAt", verification.brokenAt());
            }
            case TaskKeys.SETTLEMENT_NOTICE_OVERDUE -> {
                settled(loan, data);
                data.put("phone", phone(borrower));
                data.put("slaDeadline", accounts.zoned(sla.deadline(loan)));
                data.put("settlementNoticeStatus", notices.latestStatus(loan.id(), NoticeEvent.LOAN_SETTLED)
                        .map(Enum::name).orElse("NOT_RAISED"));
            }
            case TaskKeys.REVIEW_LATE_REVERSAL -> {
                settled(loan, data);
                data.put("lienReleaseReference", loan.lienReleaseReference());
                data.put("phone", phone(borrower));
                lateReversal(loan, data);
            }
            default -> {
                // Other tasks show only the loan's identity.
            }
        }
        task.setVariablesLocal(data);
    }

    private static void review(Loan loan, Map<String, Object> data) {
        data.put("termMonths", loan.termMonths());
        data.put("annualRate", loan.annualRate().movePointRight(2).stripTrailingZeros().toPlainString() + "%");
        data.put("repaymentMethod", loan.repaymentMethod().name());
        data.put("vehiclePrice", money(loan.vehicle().price()));
        data.put("loanToValue", percent(loan.principal(), loan.vehicle().price()));
        data.put("declaredMonthlyIncome", money(loan.declaredMonthlyIncome()));
        data.put("prescreenReason", loan.riskReason());
        Loan.CreditReport report = loan.creditReport();
        if (report != null) {
            data.put("creditScore", report.creditScore());
            data.put("creditRecord", report.creditRecord());
            data.put("verifiedMonthlyIncome", money(report.verifiedMonthlyIncome()));
            data.put("vehicleOwnershipVerified", report.vehicleOwnershipVerified() ? "yes" : "NO — check the title");
        }
    }

    private void overdue(DelegateTask task, Loan loan, Borrower borrower, Map<String, Object> data) {
        Object number = task.getVariable(VAR_INSTALMENT_NUMBER);
        data.put("phone", phone(borrower));
        data.put(VAR_INSTALMENT_NUMBER, number);
        accounts.of(loan).flatMap(account -> account.instalments().stream()
                        .filter(i -> number != null && i.number() == ((Number) number).intValue())
                        .findFirst())
                .ifPresent(instalment -> {
                    data.put("dueDate", instalment.dueDate().toString());
                    data.put("amountOverdue", money(instalment.unpaid()));
                    data.put("penalties", money(instalment.unpaidPenalties()));
                });
    }

    /** The bounce the managers decide on; any reported while the task is open are decided with it. */
    private void lateReversal(Loan loan, Map<String, Object> data) {
        List<ReversalReview> pending = reversalReviews.pending(loan.id());
        data.put("pendingReversals", pending.size());
        if (!pending.isEmpty()) {
            ReversalReview review = pending.get(0);
            Repayment repayment = repayments.get(review.repaymentId());
            data.put("reversedAmount", money(repayment.amount()));
            data.put("reversedPaidDate", accounts.dateOf(repayment.paidAt()).toString());
            data.put("reversedTransactionId", repayment.transactionId());
            data.put("reversalReason", review.reason());
            data.put("reversedAt", accounts.zoned(review.reversedAt()));
        }
    }

    private void settled(Loan loan, Map<String, Object> data) {
        data.put("settledDate", loan.settledAt() == null ? null : accounts.dateOf(loan.settledAt()).toString());
        data.put("certificateNumber", loan.certificateNumber());
    }

    private String phone(Borrower borrower) {
        return borrowers.contacts(borrower.id()).stream().filter(c -> c.channel() == Channel.SMS)
                .map(Contact::address).findFirst().orElse(null);
    }

    private static String money(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2).toPlainString();
    }

    private static String percent(BigDecimal part, BigDecimal whole) {
        return part.multiply(BigDecimal.valueOf(100)).divide(whole, MathContext.DECIMAL64)
                .setScale(1, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
    }

}
