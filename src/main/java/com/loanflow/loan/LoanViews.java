package com.loanflow.loan;

import static com.loanflow.common.Money.ZERO;

import com.loanflow.borrower.Borrower;
import com.loanflow.borrower.BorrowerRepository;
import com.loanflow.borrower.Channel;
import com.loanflow.borrower.Contact;
import com.loanflow.borrower.Masking;
import com.loanflow.loan.schedule.RepaymentMethod;
import com.loanflow.loan.schedule.ScheduleCalculator;
import com.loanflow.web.ApiException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Builds the API's read models of a loan: the loan view, its schedule and its payoff quote. */
@Component
public class LoanViews {

    private final LoanRepository loans;
    private final LoanAccounts accounts;
    private final BorrowerRepository borrowers;

    LoanViews(LoanRepository loans, LoanAccounts accounts, BorrowerRepository borrowers) {
        this.loans = loans;
        this.accounts = accounts;
        this.borrowers = borrowers;
    }

    public record ApplicantView(String name, String phone, String email) {
    }

    public record Outstanding(BigDecimal principal, BigDecimal interest, BigDecimal fees, BigDecimal penalties,
                              BigDecimal total) {
    }

    public record VehicleView(String vin, String make, String model, BigDecimal price) {
    }

    public record LoanView(String loanId, LoanStatus status, ApplicantView applicant, VehicleView vehicle,
                           BigDecimal principal, int termMonths, BigDecimal annualRate,
                           RepaymentMethod repaymentMethod, Outstanding outstanding, BigDecimal overpaid,
                           SettlementState settlementState, String decisionReason, String processInstanceId,
                           Instant createdAt, Instant disbursedAt, Instant settledAt, Instant closedAt) {
    }

    public record InstalmentView(int number, LocalDate dueDate, BigDecimal principal, BigDecimal interest,
                                 BigDecimal fees, BigDecimal penalties, BigDecimal total, BigDecimal paid,
                                 String status) {
    }

    public record ScheduleView(RepaymentMethod method, boolean projected, List<InstalmentView> instalments) {
    }

    public record PayoffQuoteView(LocalDate asOf, BigDecimal principal, BigDecimal interest, BigDecimal fees,
                                  BigDecimal penalties, BigDecimal total) {
    }

    public Loan loan(String loanId) {
        return loans.find(loanId).orElseThrow(() -> ApiException.notFound("Loan", loanId));
    }

    public LoanView view(String loanId) {
        Loan loan = loan(loanId);
        Borrower borrower = borrowers.find(loan.borrowerId()).orElseThrow();
        Map<Channel, String> contacts = borrowers.contacts(borrower.id()).stream()
                .collect(Collectors.toMap(Contact::channel, Contact::address));
        Outstanding outstanding = accounts.of(loan)
                .map(account -> account.balances(accounts.today()))
                .map(b -> new Outstanding(b.principal(), b.interest(), b.fees(), b.penalties(), b.total()))
                .orElse(new Outstanding(ZERO, ZERO, ZERO, ZERO, ZERO));
        return new LoanView(loan.id(), loan.status(),
                new ApplicantView(borrower.name(), Masking.maskPhone(contacts.get(Channel.SMS)),
                        Masking.maskEmail(contacts.get(Channel.EMAIL))),
                new VehicleView(loan.vehicle().vin(), loan.vehicle().make(), loan.vehicle().model(),
                        loan.vehicle().price()),
                loan.principal(), loan.termMonths(), loan.annualRate().stripTrailingZeros(), loan.repaymentMethod(),
                outstanding, loan.overpaidAmount(), loan.settlementState(),
                loan.status() == LoanStatus.REJECTED || loan.status() == LoanStatus.MANUAL_REVIEW ? loan.riskReason() : null,
                loan.processInstanceId(), loan.createdAt(), loan.disbursedAt(), loan.settledAt(), loan.closedAt());
    }

    /** The schedule; before disbursement, the one the loan would have if paid out today, marked projected. */
    public ScheduleView schedule(String loanId) {
        Loan loan = loan(loanId);
        LocalDate today = accounts.today();
        return accounts.of(loan)
                .map(account -> new ScheduleView(loan.repaymentMethod(), false, account.instalments().stream()
                        .map(i -> new InstalmentView(i.number(), i.dueDate(), i.principal(), i.interest(), i.fees(),
                                i.penalties(), i.owed(), i.paid(), status(account, i, today)))
                        .toList()))
                .orElseGet(() -> new ScheduleView(loan.repaymentMethod(), true,
                        ScheduleCalculator.calculate(loan.principal(), loan.termMonths(), loan.annualRate(),
                                        loan.repaymentMethod(), today).stream()
                                .map(s -> new InstalmentView(s.number(), s.dueDate(), s.principal(), s.interest(), ZERO,
                                        ZERO, s.total(), ZERO, "PLANNED"))
                                .toList()));
    }

    public PayoffQuoteView payoffQuote(String loanId) {
        Loan loan = loan(loanId);
        if (!loan.status().repayable()) {
            throw ApiException.conflict("no-payoff-quote", "Loan " + loanId + " is " + loan.status()
                    + "; a payoff quote exists only for an active or overdue loan");
        }
        PayoffQuote quote = accounts.of(loan).orElseThrow().payoffQuote(accounts.today());
        return new PayoffQuoteView(quote.asOf(), quote.principal(), quote.interest(), quote.fees(), quote.penalties(),
                quote.total());
    }

    private static String status(LoanAccount account, Instalment instalment, LocalDate today) {
        if (instalment.settled()) {
            return "PAID";
        }
        if (account.pastGrace(instalment, today)) {
            return "OVERDUE";
        }
        if (!instalment.dueDate().isAfter(today)) {
            return "DUE";
        }
        return instalment.paid().signum() > 0 ? "PARTIALLY_PAID" : "PENDING";
    }

}
