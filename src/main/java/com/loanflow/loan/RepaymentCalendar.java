package com.loanflow.loan;

import com.loanflow.loan.ledger.Ledger;
import com.loanflow.loan.ledger.LedgerEntryType;
import com.loanflow.process.ProcessSettings;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Date;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The repayment phase's milestones: a due-date reminder {@code reminderLeadTime} before each due date, and overdue
 * detection when the grace period after it has passed unpaid. The lifecycle waits on one timer set to the next
 * milestone ({@code ${repaymentCalendar.nextMilestoneAt(loanId)}}), so a loan has one timer however long it runs.
 */
@Component("repaymentCalendar")
public class RepaymentCalendar {

    private final LoanRepository loans;
    private final LoanAccounts accounts;
    private final Ledger ledger;
    private final ProcessSettings.Repayment settings;
    private final Clock clock;

    RepaymentCalendar(LoanRepository loans, LoanAccounts accounts, Ledger ledger, ProcessSettings settings,
                      Clock clock) {
        this.loans = loans;
        this.accounts = accounts;
        this.ledger = ledger;
        this.settings = settings.repayment();
        this.clock = clock;
    }

    private record Due(Milestone.Kind kind, Instalment instalment, Instant at) {
    }

    /** When the next reminder or overdue check falls due; with none left, when to look again. */
    public Date nextMilestoneAt(String loanId) {
        Loan loan = loans.get(loanId);
        Instant next = accounts.of(loan)
                .flatMap(account -> milestones(account).min(Comparator.comparing(Due::at)).map(Due::at))
                .orElseGet(() -> clock.instant().atZone(clock.getZone()).plus(settings.idleRecheck()).toInstant());
        return Date.from(next);
    }

    /**
     * Handles the earliest milestone that has fallen due: marks the reminder as sent, or marks the instalment
     * overdue, charges its penalty so far and puts the loan in OVERDUE.
     */
    public Milestone handleDue(String loanId) {
        Loan loan = loans.lock(loanId).orElseThrow();
        LoanAccount account = accounts.of(loan).orElseThrow();
        Instant now = clock.instant();
        Optional<Due> due = milestones(account)
                .filter(m -> !m.at().isAfter(now))
                .min(Comparator.comparing(Due::at));
        if (due.isEmpty()) {
            return Milestone.none();
        }
        Instalment instalment = due.get().instalment();
        if (due.get().kind() == Milestone.Kind.REMINDER) {
            instalment.markReminderSent(now);
        } else {
            instalment.markOverdue(now);
            BigDecimal penalty = account.accruePenalties(accounts.today());
            if (penalty.signum() > 0) {
                ledger.append(loanId, LedgerEntryType.PENALTY_CHARGED, penalty, "instalment-" + instalment.number(),
                        now, "penalty interest accrued to " + accounts.today());
            }
            if (loan.status() == LoanStatus.ACTIVE) {
                loans.setStatus(loanId, LoanStatus.OVERDUE);
            }
        }
        loans.save(loanId, account);
        return new Milestone(due.get().kind(), instalment.number());
    }

    private Stream<Due> milestones(LoanAccount account) {
        LocalDate today = accounts.today();
        // Whatever is unpaid: a loan owing only a fee or a penalty still gets its reminder, overdue notice and call.
        return account.instalments().stream()
                .filter(i -> i.unpaid().signum() > 0)
                .flatMap(i -> {
                    Stream.Builder<Due> due = Stream.builder();
                    if (i.reminderSentAt() == null && i.overdueSince() == null && !today.isAfter(i.dueDate())) {
                        due.add(new Due(Milestone.Kind.REMINDER, i, at(i.dueDate().minus(settings.reminderLeadTime())
                                .atTime(settings.reminderTime()))));
                    }
                    if (i.overdueSince() == null) {
                        due.add(new Due(Milestone.Kind.OVERDUE, i,
                                at(i.dueDate().plus(settings.gracePeriod()).plusDays(1).atStartOfDay())));
                    }
                    return due.build();
                });
    }

    private Instant at(java.time.LocalDateTime localTime) {
        return localTime.atZone(clock.getZone()).toInstant();
    }
}
