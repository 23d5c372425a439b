package com.loanflow.report;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The settlement-notice timeliness KPI (结清通知及时率): of the loans settled in a period, the share whose
 * {@code LOAN_SETTLED} notice the borrower confirmed within the SLA counted from the payoff. Loans that can still make
 * it (unconfirmed, deadline not passed) are pending and stay out of the rate until they are decided, so a period
 * that has just ended does not look worse than it will turn out. A loan counts in the period (in the lender's zone)
 * it was settled in, even when its deadline falls into the next one.
 */
final class SettlementNoticeTimeliness {

    private final Duration sla;
    private final ZoneId zone;

    SettlementNoticeTimeliness(Duration sla, ZoneId zone) {
        this.sla = sla;
        this.zone = zone;
    }

    /** A loan that is settled (a reversal takes a loan out), and the first confirmation of its settlement notice. */
    record SettledLoan(String loanId, Instant settledAt, Instant confirmedAt) {
    }

    /** One settled loan measured against its deadline: a row of the drill-down. */
    record LoanOutcome(String loanId, Instant settledAt, Instant deadline, Instant confirmedAt,
                       SettlementNoticeOutcome outcome) {
    }

    /** The KPI over the settled loans of one period ({@code start} to {@code end}, both inclusive). */
    record Timeliness(LocalDate start, LocalDate end, int settled, int onTime, int late, int pending,
                      BigDecimal rate) {
    }

    LoanOutcome classify(SettledLoan loan, Instant now) {
        Instant deadline = loan.settledAt().plus(sla);
        SettlementNoticeOutcome outcome;
        if (loan.confirmedAt() != null) {
            outcome = loan.confirmedAt().isAfter(deadline) ? SettlementNoticeOutcome.LATE : SettlementNoticeOutcome.ON_TIME;
        } else {
            // At the deadline itself a confirmation would still be on time, so the loan is late only after it.
            outcome = now.isAfter(deadline) ? SettlementNoticeOutcome.LATE : SettlementNoticeOutcome.PENDING;
        }
        return new LoanOutcome(loan.loanId(), loan.settledAt(), deadline, loan.confirmedAt(), outcome);
    }

    Timeliness summarize(LocalDate start, LocalDate end, List<LoanOutcome> loans) {
        int onTime = count(loans, SettlementNoticeOutcome.ON_TIME);
        int late = count(loans, SettlementNoticeOutcome.LATE);
        int pending = count(loans, SettlementNoticeOutcome.PENDING);
        return new Timeliness(start, end, loans.size(), onTime, late, pending, Ratio.of(onTime, onTime + late));
    }

    /** From payoff to confirmation, over the loans confirmed so far: what the SLA measures. */
    DurationSummary payoffToConfirmation(List<LoanOutcome> loans) {
        return DurationSummary.of(loans.stream()
                .filter(loan -> loan.confirmedAt() != null)
                .map(loan -> Duration.between(loan.settledAt(), loan.confirmedAt()))
                .toList());
    }

    /**
     * One entry for every period that overlaps {@code from}–{@code to}, also for periods without settled loans, so a
     * chart has no gaps. The first and last week or month are cut to the range.
     */
    List<Timeliness> byPeriod(List<LoanOutcome> loans, LocalDate from, LocalDate to, Granularity granularity) {
        Map<LocalDate, List<LoanOutcome>> byPeriodStart = loans.stream()
                .collect(Collectors.groupingBy(loan -> granularity.start(settledDate(loan))));
        List<Timeliness> periods = new ArrayList<>();
        for (LocalDate start = granularity.start(from); !start.isAfter(to); start = granularity.next(start)) {
            LocalDate last = granularity.next(start).minusDays(1);
            periods.add(summarize(start.isBefore(from) ? from : start, last.isAfter(to) ? to : last,
                    byPeriodStart.getOrDefault(start, List.of())));
        }
        return periods;
    }

    private LocalDate settledDate(LoanOutcome loan) {
        return loan.settledAt().atZone(zone).toLocalDate();
    }

    private static int count(List<LoanOutcome> loans, SettlementNoticeOutcome outcome) {
        return (int) loans.stream().filter(loan -> loan.outcome() == outcome).count();
    }
}
