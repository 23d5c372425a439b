package com.loanflow.notice;

import com.loanflow.borrower.Borrower;
import com.loanflow.borrower.BorrowerRepository;
import com.loanflow.loan.Balances;
import com.loanflow.loan.Instalment;
import com.loanflow.loan.Loan;
import com.loanflow.loan.LoanAccount;
import com.loanflow.loan.LoanAccounts;
import com.loanflow.loan.LoanRepository;
import com.loanflow.loan.Repayment;
import com.loanflow.loan.RepaymentRepository;
import com.loanflow.loan.schedule.ScheduleCalculator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The values a notice's template fills in, read from the loan at the moment the notice is created, so the notice
 * keeps saying what was true when it was raised. {@code reference} names what the event is about: a repayment id
 * for REPAYMENT_RECEIVED, an instalment number for REPAYMENT_DUE and REPAYMENT_OVERDUE.
 */
@Component
class NoticeParameters {

    private final LoanRepository loans;
    private final LoanAccounts accounts;
    private final BorrowerRepository borrowers;
    private final RepaymentRepository repayments;

    NoticeParameters(LoanRepository loans, LoanAccounts accounts, BorrowerRepository borrowers,
                     RepaymentRepository repayments) {
        this.loans = loans;
        this.accounts = accounts;
        this.borrowers = borrowers;
        this.repayments = repayments;
    }

    Map<String, String> of(NoticeEvent event, Loan loan, String reference) {
        Borrower borrower = borrowers.find(loan.borrowerId()).orElseThrow();
        Map<String, String> p = new HashMap<>();
        p.put("name", borrower.name());
        p.put("loanId", loan.id());
        p.put("vehicle", loan.vehicle().make() + " " + loan.vehicle().model());
        p.put("vin", loan.vehicle().vin());
        switch (event) {
            case APPLICATION_RECEIVED -> {
                p.put("principal", money(loan.principal()));
                p.put("termMonths", Integer.toString(loan.termMonths()));
            }
            case APPLICATION_APPROVED -> {
                p.put("principal", money(loan.principal()));
                p.put("termMonths", Integer.toString(loan.termMonths()));
                p.put("annualRate", loan.annualRate().movePointRight(2).stripTrailingZeros().toPlainString() + "%");
                p.put("firstInstalment", money(ScheduleCalculator.calculate(loan.principal(), loan.termMonths(),
                        loan.annualRate(), loan.repaymentMethod(), accounts.today()).get(0).total()));
            }
            case APPLICATION_REJECTED -> p.put("reason", loan.riskReason() == null ? "OTHER" : loan.riskReason());
            case LOAN_DISBURSED -> {
                Instalment first = account(loan).instalments().get(0);
                p.put("principal", money(loan.principal()));
                p.put("firstDueDate", first.dueDate().toString());
                p.put("firstInstalment", money(first.owed()));
                p.put("disbursementReference", loan.disbursementReference());
            }
            case REPAYMENT_DUE -> {
                Instalment instalment = instalment(loan, reference);
                p.put("instalmentNumber", Integer.toString(instalment.number()));
                p.put("dueDate", instalment.dueDate().toString());
                p.put("amountDue", money(instalment.unpaid()));
            }
            case REPAYMENT_OVERDUE -> {
                Instalment instalment = instalment(loan, reference);
                p.put("instalmentNumber", Integer.toString(instalment.number()));
                p.put("dueDate", instalment.dueDate().toString());
                p.put("amountOverdue", money(instalment.unpaid()));
                p.put("penalties", money(instalment.unpaidPenalties()));
            }
            case REPAYMENT_RECEIVED -> {
                Repayment repayment = repayments.get(reference);
                p.put("amount", money(repayment.amount()));
                p.put("paidDate", accounts.dateOf(repayment.paidAt()).toString());
                p.put("remainingPrincipal", money(balances(loan).principal()));
            }
            case REPAYMENT_REVERSED -> {
                Repayment repayment = repayments.get(reference);
                p.put("amount", money(repayment.amount()));
                p.put("paidDate", accounts.dateOf(repayment.paidAt()).toString());
                p.put("reversalReason", repayment.reversalReason());
                LocalDate today = accounts.today();
                LoanAccount account = account(loan);
                // A reversal reopens what the payment had paid; a reversed overpayment can leave nothing owed.
                account.amountDue(today).ifPresentOrElse(due -> {
                    p.put("amountDue", money(due.amount()));
                    p.put("dueDate", due.dueDate().toString());
                }, () -> {
                    p.put("amountDue", money(BigDecimal.ZERO));
                    p.put("dueDate", today.toString());
                });
                p.put("remainingTotal", money(account.balances(today).total()));
            }
            case LOAN_PARTIALLY_SETTLED -> {
                Balances balances = balances(loan);
                p.put("remainingInterest", money(balances.interest()));
                p.put("remainingFees", money(balances.fees()));
                p.put("remainingPenalties", money(balances.penalties()));
                p.put("remainingTotal", money(balances.total()));
            }
            // Raised at the payoff, before the certificate exists: the template says where it will be instead.
            case LOAN_SETTLED -> p.put("settledDate", accounts.dateOf(loan.settledAt()).toString());
            case OVERPAYMENT_REFUND -> p.put("overpaidAmount", money(loan.overpaidAmount()));
            case LIEN_RELEASE_READY -> p.put("lienReleaseReference", loan.lienReleaseReference());
            case APPLICATION_UNDER_REVIEW, APPLICATION_DELAYED, DISBURSEMENT_DELAYED -> {
                // Nothing beyond the common parameters: these notices say "wait", not "how much".
            }
        }
        return p;
    }

    private LoanAccount account(Loan loan) {
        return accounts.of(loan).orElseThrow(() -> new IllegalStateException("Loan " + loan.id() + " has no schedule yet"));
    }

    private Balances balances(Loan loan) {
        return account(loan).balances(accounts.today());
    }

    private Instalment instalment(Loan loan, String reference) {
        int number = Integer.parseInt(reference);
        return account(loan).instalments().stream().filter(i -> i.number() == number).findFirst()
                .orElseThrow(() -> new IllegalStateException("Loan " + loan.id() + " has no instalment " + number));
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
