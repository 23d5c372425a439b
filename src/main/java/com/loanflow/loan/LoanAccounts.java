package com.loanflow.loan;

import com.loanflow.process.ProcessSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Loads a loan's {@link LoanAccount} with the grace period in force, and tells the lender's calendar date. */
@Component
public class LoanAccounts {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final LoanRepository loans;
    private final ProcessSettings settings;
    private final Clock clock;

    LoanAccounts(LoanRepository loans, ProcessSettings settings, Clock clock) {
        this.loans = loans;
        this.settings = settings;
        this.clock = clock;
    }

    /** Empty until the loan is disbursed and has a schedule. */
    public Optional<LoanAccount> of(Loan loan) {
        if (loan.disbursedAt() == null) {
            return Optional.empty();
        }
        return Optional.of(new LoanAccount(dateOf(loan.disbursedAt()), loan.earlyRepaymentFeeRate(),
                loan.penaltyDailyRate(), settings.repayment().gracePeriod(), loans.instalments(loan.id()),
                loan.overpaidAmount()));
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public LocalDate dateOf(Instant instant) {
        return instant.atZone(clock.getZone()).toLocalDate();
    }

    /** The lender's wall-clock time of an instant, to the minute, as staff read it on a form. */
    public String zoned(Instant instant) {
        return MINUTES.format(instant.atZone(clock.getZone()));
    }
}
