package com.loanflow.loan;

import static com.loanflow.loan.schedule.RepaymentMethod.EQUAL_INSTALLMENT;
import static com.loanflow.loan.schedule.RepaymentMethod.EQUAL_PRINCIPAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.loanflow.loan.schedule.RepaymentMethod;
import com.loanflow.loan.schedule.ScheduleCalculator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unit tests of the repayment arithmetic. Every expected figure is worked out by hand (arithmetic in the comments)
 * and was cross-checked with Python's {@code decimal} module at 34 digits, half-up to the fen.
 *
 * <p>Two loans, both disbursed 2025-03-15 with LoanFlow's defaults: early repayment fee rate 0.01, daily penalty
 * rate 0.0005, grace period 3 days. The payoff quote is the cheaper of the foreclosure (interest to date plus a fee
 * of 1 % of the principal not yet due) and the rest of the schedule (all unpaid interest, no fee), so which loan a
 * test uses decides which of the two it sees.
 *
 * <p>The short loan, 10 000.00 over 3 months at 6 % a year (r = 0.005): the 1 % fee is more than the interest a
 * 3-month loan can save, so its payoff is the remaining schedule (except on disbursement day and without a fee).
 * <pre>
 *   EQUAL_INSTALLMENT (payment 3366.72)           EQUAL_PRINCIPAL (10000 / 3 = 3333.33, last 3333.34)
 *   1 due 04-15  P 3316.72  I 50.00  = 3366.72    P 3333.33  I 50.00 (10000.00 × 0.005)
 *   2 due 05-15  P 3333.30  I 33.42  = 3366.72    P 3333.33  I 33.33 (6666.67 × 0.005 = 33.33335)
 *   3 due 06-15  P 3349.98  I 16.75  = 3366.73    P 3333.34  I 16.67 (3333.34 × 0.005 = 16.6667)
 *   periods: 03-15→04-15 31 days, 04-15→05-15 30 days, 05-15→06-15 31 days; all interest 100.17
 * </pre>
 *
 * <p>The long loan, 100 000.00 over 24 months at 12 % a year (r = 0.01): early in the term the future interest
 * dwarfs the fee, so its payoff is a foreclosure until two weeks into period 23.
 * <pre>
 *   EQUAL_INSTALLMENT: 1.01^24 = 1.26973465; 100000 × 0.01 × 1.26973465 / 0.26973465 = 4707.347 → 4707.35
 *    1 due 2025-04-15  P 3707.35  I 1000.00 (100000.00 × 0.01)
 *    2 due 2025-05-15  P 3744.42  I  962.93 (96292.65 × 0.01 = 962.9265)
 *    3 due 2025-06-15  P 3781.87  I  925.48
 *   23 due 2027-02-15  P 4614.60  I   92.75
 *   24 due 2027-03-15  P 4660.68  I   46.61 = 4707.29 (the last takes the principal left)
 *   all interest: 23 × 4707.35 + 4707.29 − 100000.00 = 108269.05 + 4707.29 − 100000.00 = 12976.34
 *   EQUAL_PRINCIPAL: P 4166.67 (100000 / 24 = 4166.666…), last 100000.00 − 23 × 4166.67 = 4166.59;
 *    I 1000.00, then 958.33 (95833.33 × 0.01), …; all interest 12500.00
 * </pre>
 */
class LoanAccountTest {

    private static final LocalDate DISBURSED = LocalDate.of(2025, 3, 15);
    private static final LocalDate DUE_1 = LocalDate.of(2025, 4, 15);
    private static final LocalDate DUE_2 = LocalDate.of(2025, 5, 15);
    private static final LocalDate DUE_3 = LocalDate.of(2025, 6, 15);
    private static final BigDecimal FEE_RATE = new BigDecimal("0.01");
    private static final BigDecimal NO_FEE = BigDecimal.ZERO;
    private static final BigDecimal PENALTY_RATE = new BigDecimal("0.0005");
    private static final Period GRACE = Period.ofDays(3);
    private static final BigDecimal ZERO = money("0.00");

    // --- the schedules the tests build on -------------------------------------------------------------------

    @Test
    void givenTheShortLoan_whenBuiltFromTheScheduleCalculator_thenInstalmentsAreTheOnesTheFiguresAssume() {
        assertThat(account(EQUAL_INSTALLMENT).instalments())
                .extracting(Instalment::number, Instalment::dueDate, Instalment::principal, Instalment::interest)
                .containsExactly(
                        tuple(1, DUE_1, money("3316.72"), money("50.00")),
                        tuple(2, DUE_2, money("3333.30"), money("33.42")),
                        tuple(3, DUE_3, money("3349.98"), money("16.75")));
        assertThat(account(EQUAL_PRINCIPAL).instalments())
                .extracting(Instalment::principal, Instalment::interest)
                .containsExactly(
                        tuple(money("3333.33"), money("50.00")),
                        tuple(money("3333.33"), money("33.33")),
                        tuple(money("3333.34"), money("16.67")));
    }

    @Test
    void givenTheLongLoan_whenBuiltFromTheScheduleCalculator_thenInstalmentsAreTheOnesTheFiguresAssume() {
        List<Instalment> equalInstalment = longAccount(EQUAL_INSTALLMENT).instalments();
        assertThat(equalInstalment).hasSize(24);
        assertThat(equalInstalment.subList(0, 3))
                .extracting(Instalment::number, Instalment::dueDate, Instalment::principal, Instalment::interest)
                .containsExactly(
                        tuple(1, DUE_1, money("3707.35"), money("1000.00")),
                        tuple(2, DUE_2, money("3744.42"), money("962.93")),
                        tuple(3, DUE_3, money("3781.87"), money("925.48")));
        assertThat(equalInstalment.subList(22, 24))
                .extracting(Instalment::number, Instalment::dueDate, Instalment::principal, Instalment::interest)
                .containsExactly(
                        tuple(23, LocalDate.of(2027, 2, 15), money("4614.60"), money("92.75")),
                        tuple(24, LocalDate.of(2027, 3, 15), money("4660.68"), money("46.61")));
        assertThat(equalInstalment.stream().map(Instalment::interest).reduce(BigDecimal::add))
                .contains(money("12976.34"));

        List<Instalment> equalPrincipal = longAccount(EQUAL_PRINCIPAL).instalments();
        assertThat(equalPrincipal)
                .extracting(Instalment::principal, Instalment::interest)
                .startsWith(tuple(money("4166.67"), money("1000.00")), tuple(money("4166.67"), money("958.33")))
                .endsWith(tuple(money("4166.59"), money("41.67")));
    }

    // --- allocation order -----------------------------------------------------------------------------------

    @Test
    void givenTwoOverdueInstalmentsWithPenaltiesAndAFee_whenPaymentCoversTheFirstAndPartOfTheSecond_thenPenaltiesFeesInterestPrincipalInstalmentByInstalment() {
        // Instalment 1 also carries a fee of 15.00. On 05-25 both instalments are past grace (04-18, 05-18):
        //   penalty 1 = 3366.72 × 0.0005 × 40 days (04-15→05-25) = 67.3344 → 67.33
        //   penalty 2 = 3366.72 × 0.0005 × 10 days (05-15→05-25) = 16.8336 → 16.83
        // instalment 1 in full: 67.33 + 15.00 + 50.00 + 3316.72 = 3449.05
        // then instalment 2: penalty 16.83 + interest 33.42 + principal 1000.00 → amount 4499.30
        // No early payoff can happen: the foreclosure (10000.00 + 83.42 + 5.40 accrued + 15.00 + fee 33.50
        // + 84.16 = 10221.48) costs more than the schedule (10000.00 + 100.17 + 15.00 + 84.16 = 10199.33).
        LoanAccount account = accountWithFeeOnFirstInstalment(money("15.00"));

        Allocation allocation = account.apply(money("4499.30"), LocalDate.of(2025, 5, 25));

        Instalment first = account.instalments().get(0);
        assertThat(first.penaltiesPaid()).isEqualTo(money("67.33"));
        assertThat(first.feesPaid()).isEqualTo(money("15.00"));
        assertThat(first.interestPaid()).isEqualTo(money("50.00"));
        assertThat(first.principalPaid()).isEqualTo(money("3316.72"));
        assertThat(first.settled()).isTrue();
        Instalment second = account.instalments().get(1);
        assertThat(second.penaltiesPaid()).isEqualTo(money("16.83"));
        assertThat(second.interestPaid()).isEqualTo(money("33.42"));
        assertThat(second.principalPaid()).isEqualTo(money("1000.00"));
        assertThat(second.unpaidPrincipal()).isEqualTo(money("2333.30"));
        assertThat(account.instalments().get(2).paid()).isEqualTo(ZERO);
        // principal 3316.72 + 1000.00 = 4316.72; interest 50.00 + 33.42 = 83.42; penalties 67.33 + 16.83 = 84.16
        assertThat(allocation).isEqualTo(new Allocation(money("4316.72"), money("83.42"), money("15.00"),
                money("84.16"), ZERO, false, ZERO, money("84.16")));
    }

    @Test
    void givenTwoOverdueInstalments_whenPaymentRunsOutInTheFirstInstalmentsPrincipal_thenTheSecondInstalmentsPenaltyStaysUnpaid() {
        // Instalment by instalment, not category by category across instalments:
        // 67.33 penalty + 15.00 fee + 50.00 interest + 1000.00 principal of instalment 1 = 1132.33
        LoanAccount account = accountWithFeeOnFirstInstalment(money("15.00"));

        Allocation allocation = account.apply(money("1132.33"), LocalDate.of(2025, 5, 25));

        assertThat(account.instalments().get(0).principalPaid()).isEqualTo(money("1000.00"));
        assertThat(account.instalments().get(1).penalties()).isEqualTo(money("16.83"));
        assertThat(account.instalments().get(1).paid()).isEqualTo(ZERO);
        assertThat(allocation).isEqualTo(new Allocation(money("1000.00"), money("50.00"), money("15.00"),
                money("67.33"), ZERO, false, ZERO, money("84.16")));
    }

    @Test
    void givenAnOverdueInstalmentWithAFee_whenPaymentRunsOutInTheFee_thenThePenaltyIsPaidFirstAndNoInterest() {
        // 67.33 penalty + 5.00 of the 15.00 fee = 72.33
        LoanAccount account = accountWithFeeOnFirstInstalment(money("15.00"));

        Allocation allocation = account.apply(money("72.33"), LocalDate.of(2025, 5, 25));

        Instalment first = account.instalments().get(0);
        assertThat(first.penaltiesPaid()).isEqualTo(money("67.33"));
        assertThat(first.feesPaid()).isEqualTo(money("5.00"));
        assertThat(first.interestPaid()).isEqualTo(ZERO);
        assertThat(allocation).isEqualTo(
                new Allocation(ZERO, ZERO, money("5.00"), money("67.33"), ZERO, false, ZERO, money("84.16")));
    }

    @Test
    void givenAnOverdueInstalment_whenPaymentRunsOutInItsInterest_thenNoPrincipalIsPaid() {
        // 67.33 penalty + 15.00 fee + 20.00 of the 50.00 interest = 102.33
        LoanAccount account = accountWithFeeOnFirstInstalment(money("15.00"));

        account.apply(money("102.33"), LocalDate.of(2025, 5, 25));

        Instalment first = account.instalments().get(0);
        assertThat(first.penaltiesPaid()).isEqualTo(money("67.33"));
        assertThat(first.feesPaid()).isEqualTo(money("15.00"));
        assertThat(first.interestPaid()).isEqualTo(money("20.00"));
        assertThat(first.principalPaid()).isEqualTo(ZERO);
    }

    // --- regular instalments --------------------------------------------------------------------------------

    @Test
    void givenTheFirstInstalmentDue_whenExactlyItsAmountIsPaidOnItsDueDate_thenItIsSettledAndPrincipalFallsByItsPrincipal() {
        LoanAccount account = account(EQUAL_INSTALLMENT);

        Allocation allocation = account.apply(money("3366.72"), DUE_1);

        assertThat(account.instalments().get(0).settled()).isTrue();
        assertThat(account.instalments().get(1).paid()).isEqualTo(ZERO);
        assertThat(allocation).isEqualTo(
                new Allocation(money("3316.72"), money("50.00"), ZERO, ZERO, ZERO, false, ZERO, ZERO));
        // 10000.00 − 3316.72 = 6683.28; the second period has run 0 days, so no interest is owed yet
        assertThat(account.balances(DUE_1)).isEqualTo(new Balances(money("6683.28"), ZERO, ZERO, ZERO, ZERO));
        assertThat(account.hasArrears(DUE_1.plusDays(10))).isFalse();
    }

    // --- interest accrual -----------------------------------------------------------------------------------

    @Test
    void givenTenDaysIntoTheFirstPeriod_whenBalancesAreAsked_thenInterestIsScheduledInterestTimesElapsedOverPeriodDays() {
        // 50.00 × 10 / 31 = 16.129… → 16.13
        LoanAccount account = account(EQUAL_INSTALLMENT);

        assertThat(account.balances(LocalDate.of(2025, 3, 25))).isEqualTo(
                new Balances(money("10000.00"), money("16.13"), ZERO, ZERO, ZERO));
    }

    @Test
    void givenAccruedInterestEndingInHalfAFen_whenBalancesAreAsked_thenItIsRoundedHalfUp() {
        // EQUAL_PRINCIPAL, instalment 1 paid on time; 04-30 is 15 of the 30 days of period 2:
        // 33.33 × 15 / 30 = 16.665 → 16.67 half-up (16.66 half-even or half-down)
        LoanAccount account = account(EQUAL_PRINCIPAL);
        account.apply(money("3383.33"), DUE_1);

        // principal 10000.00 − 3333.33 = 6666.67
        assertThat(account.balances(LocalDate.of(2025, 4, 30))).isEqualTo(
                new Balances(money("6666.67"), money("16.67"), ZERO, ZERO, ZERO));
    }

    // --- payoff quote: the cheaper of foreclosure and the remaining schedule --------------------------------

    @Test
    void givenShortLoanWhereTheFeeExceedsTheInterestSaved_whenPayoffQuoteIsAsked_thenItIsTheRemainingScheduleWithoutFee() {
        // After instalment 1, on 04-25 (10 of 30 days of period 2):
        //   foreclosure: 6683.28 + 33.42 × 10 / 30 = 11.14 + fee 6683.28 × 0.01 = 66.8328 → 66.83 = 6761.25
        //   schedule:    6683.28 + 33.42 + 16.75 = 6683.28 + 50.17 = 6733.45, cheaper by 27.80
        LoanAccount account = shortAccountWithFirstInstalmentPaid();
        LocalDate asOf = LocalDate.of(2025, 4, 25);

        PayoffQuote quote = account.payoffQuote(asOf);

        assertThat(quote).isEqualTo(new PayoffQuote(asOf, money("6683.28"), money("50.17"), ZERO, ZERO));
        assertThat(quote.total()).isEqualTo(money("6733.45"));
    }

    @Test
    void givenShortLoanScheduleQuote_whenPaid_thenEverythingIsSettledAsScheduledWithoutEarlyPayoffOrFee() {
        // 6733.45 as above: instalment 2 (33.42 + 3333.30) and instalment 3 (16.75 + 3349.98), interest untouched
        LoanAccount account = shortAccountWithFirstInstalmentPaid();
        LocalDate asOf = LocalDate.of(2025, 4, 25);

        Allocation allocation = account.apply(account.payoffQuote(asOf).total(), asOf);

        assertThat(allocation).isEqualTo(new Allocation(money("6683.28"), money("50.17"), ZERO, ZERO, ZERO, false,
                ZERO, ZERO));
        assertThat(account.instalments()).allMatch(Instalment::settled);
        assertThat(account.instalments()).extracting(Instalment::interest, Instalment::fees)
                .containsExactly(tuple(money("50.00"), ZERO), tuple(money("33.42"), ZERO),
                        tuple(money("16.75"), ZERO));
        assertThat(account.balances(asOf)).isEqualTo(new Balances(ZERO, ZERO, ZERO, ZERO, ZERO));
    }

    @Test
    void givenShortLoanWithAnOverdueInstalment_whenScheduleQuoteIsPaid_thenItCoversThePenaltyAndAllScheduledInterest() {
        // Nothing paid; on 05-01 instalment 1 is 16 days overdue (past grace since 04-19):
        //   penalty 3366.72 × 0.0005 × 16 = 26.93376 → 26.93
        //   foreclosure: 10000.00 + 50.00 + 33.42 × 16 / 30 = 17.824 → 17.82 + fee (3333.30 + 3349.98) × 0.01
        //                = 66.8328 → 66.83 + 26.93 = 10161.58
        //   schedule:    10000.00 + 100.17 + 26.93 = 10127.10, cheaper
        LoanAccount account = account(EQUAL_INSTALLMENT);
        LocalDate asOf = LocalDate.of(2025, 5, 1);
        assertThat(account.payoffQuote(asOf)).isEqualTo(
                new PayoffQuote(asOf, money("10000.00"), money("100.17"), ZERO, money("26.93")));

        Allocation allocation = account.apply(money("10127.10"), asOf);

        assertThat(allocation).isEqualTo(new Allocation(money("10000.00"), money("100.17"), ZERO, money("26.93"),
                ZERO, false, ZERO, money("26.93")));
        assertThat(account.instalments()).allMatch(Instalment::settled);
        assertThat(account.balances(asOf)).isEqualTo(new Balances(ZERO, ZERO, ZERO, ZERO, ZERO));
        assertThat(account.hasArrears(asOf)).isFalse();
    }

    @Test
    void givenInstalmentsOneAndTwoPaidOnTime_whenTheLastIsPaidTheDayBeforeItsDueDate_thenTheLoanIsSettledWithoutFee() {
        // On 06-14 (30 of 31 days of period 3): foreclosure 3349.98 + 16.75 × 30 / 31 = 16.209… → 16.21
        // + fee 3349.98 × 0.01 = 33.4998 → 33.50 = 3399.69; the instalment itself is 3349.98 + 16.75 = 3366.73.
        // Paying it a day early must not turn into a payoff that owes a 33.50 fee.
        LoanAccount account = shortAccountWithFirstInstalmentPaid();
        account.apply(money("3366.72"), DUE_2);
        LocalDate dayBefore = LocalDate.of(2025, 6, 14);
        assertThat(account.payoffQuote(dayBefore).total()).isEqualTo(money("3366.73"));

        Allocation allocation = account.apply(money("3366.73"), dayBefore);

        assertThat(allocation).isEqualTo(new Allocation(money("3349.98"), money("16.75"), ZERO, ZERO, ZERO, false,
                ZERO, ZERO));
        assertThat(account.instalments()).allMatch(Instalment::settled);
        assertThat(account.instalments().get(2).fees()).isEqualTo(ZERO);
        assertThat(account.balances(dayBefore)).isEqualTo(new Balances(ZERO, ZERO, ZERO, ZERO, ZERO));
    }

    @Test
    void givenShortLoanAfterInstalmentOne_whenPayoffIsSplitToDodgeTheFee_thenTheSplitCostsNoLessThanTheQuote() {
        // On 04-25 the foreclosure threshold (quote minus fee) would be 6761.25 − 66.83 = 6694.42. Paying one fen
        // less is an ordinary payment: instalment 2 (33.42 + 3333.30 = 3366.72), then instalment 3's interest
        // 16.75 and 6694.41 − 3366.72 − 16.75 = 3310.94 of its 3349.98 principal, leaving 39.04.
        // On 04-26 the rest: foreclosure 39.04 + fee 0.3904 → 0.39 = 39.43, schedule 39.04 (interest all paid).
        // Split: 6694.41 + 39.04 = 6733.45 — exactly the one-day quote, so splitting saves nothing.
        LoanAccount account = shortAccountWithFirstInstalmentPaid();
        LocalDate day = LocalDate.of(2025, 4, 25);
        BigDecimal quoteOnTheDay = account.payoffQuote(day).total();

        Allocation first = account.apply(money("6694.41"), day);
        BigDecimal quoteNextDay = account.payoffQuote(day.plusDays(1)).total();

        assertThat(first.earlyPayoff()).isFalse();
        assertThat(quoteOnTheDay).isEqualTo(money("6733.45"));
        assertThat(quoteNextDay).isEqualTo(money("39.04"));
        assertThat(quoteOnTheDay).isLessThanOrEqualTo(money("6694.41").add(quoteNextDay));
    }

    @Test
    void givenShortLoanWithoutEarlyRepaymentFee_whenPayoffQuoteIsPaid_thenForeclosureIsCheaperAndFutureInterestIsWaived() {
        // The same loan as above without the fee: on 04-25 the foreclosure 6683.28 + 11.14 = 6694.42 beats the
        // schedule 6733.45, so it is the quote and paying it waives what has not accrued.
        LoanAccount account = account(EQUAL_INSTALLMENT, NO_FEE);
        account.apply(money("3366.72"), DUE_1);
        LocalDate asOf = LocalDate.of(2025, 4, 25);
        assertThat(account.payoffQuote(asOf)).isEqualTo(
                new PayoffQuote(asOf, money("6683.28"), money("11.14"), ZERO, ZERO));

        Allocation allocation = account.apply(money("6694.42"), asOf);

        assertThat(allocation).isEqualTo(new Allocation(money("6683.28"), money("11.14"), ZERO, ZERO, ZERO, true,
                ZERO, ZERO));
        assertThat(account.instalments()).allMatch(Instalment::settled);
        assertThat(account.instalments()).extracting(Instalment::interest)
                .containsExactly(money("50.00"), money("11.14"), ZERO);
        assertThat(account.balances(asOf)).isEqualTo(new Balances(ZERO, ZERO, ZERO, ZERO, ZERO));
    }

    @Test
    void givenLongLoanFifteenDaysIntoPeriod23_whenPayoffQuoteIsPaid_thenForeclosureIsChosenBecauseCheaperAndLaterInterestIsWaived() {
        // Instalments 1–22 paid on time; left: 4614.60 + 4660.68 = 9275.28. 2027-01-30 is day 15 of the 31 days
        // of period 23 (2027-01-15→02-15):
        //   foreclosure: 9275.28 + 92.75 × 15 / 31 = 44.879… → 44.88 + fee 9275.28 × 0.01 = 92.7528 → 92.75
        //                = 9412.91
        //   schedule:    9275.28 + 92.75 + 46.61 = 9275.28 + 139.36 = 9414.64, dearer by 1.73
        LoanAccount account = longAccountWithInstalmentsPaidOnTime(22);
        LocalDate asOf = LocalDate.of(2027, 1, 30);
        PayoffQuote quote = account.payoffQuote(asOf);
        assertThat(quote).isEqualTo(new PayoffQuote(asOf, money("9275.28"), money("44.88"), money("92.75"), ZERO));
        assertThat(quote.total()).isEqualTo(money("9412.91")).isLessThan(money("9414.64"));

        Allocation allocation = account.apply(quote.total(), asOf);

        assertThat(allocation).isEqualTo(new Allocation(money("9275.28"), money("44.88"), money("92.75"), ZERO, ZERO,
                true, money("92.75"), ZERO));
        assertThat(account.instalments().subList(21, 24)).extracting(Instalment::interest)
                .containsExactly(money("138.44"), money("44.88"), ZERO);
        assertThat(account.instalments().get(22).fees()).isEqualTo(money("92.75"));
        assertThat(account.instalments()).allMatch(Instalment::settled);
    }

    @Test
    void givenLongLoanSixteenDaysIntoPeriod23_whenPayoffQuoteIsPaid_thenTheScheduleIsChosenBecauseCheaperAndNoInterestIsWaived() {
        // One day later the accrued interest tips it: 92.75 × 16 / 31 = 47.870… → 47.87, so
        //   foreclosure: 9275.28 + 47.87 + 92.75 = 9415.90
        //   schedule:    9275.28 + 139.36 = 9414.64, cheaper by 1.26
        LoanAccount account = longAccountWithInstalmentsPaidOnTime(22);
        LocalDate asOf = LocalDate.of(2027, 1, 31);
        PayoffQuote quote = account.payoffQuote(asOf);
        assertThat(quote).isEqualTo(new PayoffQuote(asOf, money("9275.28"), money("139.36"), ZERO, ZERO));
        assertThat(quote.total()).isLessThan(money("9415.90"));

        Allocation allocation = account.apply(quote.total(), asOf);

        assertThat(allocation).isEqualTo(new Allocation(money("9275.28"), money("139.36"), ZERO, ZERO, ZERO, false,
                ZERO, ZERO));
        assertThat(account.instalments().subList(21, 24)).extracting(Instalment::interest, Instalment::fees)
                .containsExactly(tuple(money("138.44"), ZERO), tuple(money("92.75"), ZERO),
                        tuple(money("46.61"), ZERO));
        assertThat(account.instalments()).allMatch(Instalment::settled);
    }

    // --- early payoff (the long loan, where foreclosure is the cheaper way out) -----------------------------

    @Test
    void givenLongLoanTenDaysIntoTheFirstPeriod_whenPayoffQuoteIsAsked_thenItIsAccruedInterestPlusTheFee() {
        // 1000.00 × 10 / 31 = 322.580… → 322.58; fee 100000.00 × 0.01 = 1000.00
        // foreclosure 100000.00 + 322.58 + 1000.00 = 101322.58; the schedule would be 100000.00 + 12976.34
        LoanAccount account = longAccount(EQUAL_INSTALLMENT);
        LocalDate asOf = LocalDate.of(2025, 3, 25);

        assertThat(account.balances(asOf)).isEqualTo(
                new Balances(money("100000.00"), money("322.58"), ZERO, ZERO, ZERO));
        PayoffQuote quote = account.payoffQuote(asOf);
        assertThat(quote).isEqualTo(
                new PayoffQuote(asOf, money("100000.00"), money("322.58"), money("1000.00"), ZERO));
        assertThat(quote.total()).isEqualTo(money("101322.58"));
    }

    @Test
    void givenLongLoanPartWayThroughPeriodTwo_whenPayoffQuoteIsPaid_thenEverythingIsSettledFutureInterestWaivedAndFeeCharged() {
        // After instalment 1 (3707.35 + 1000.00), on 04-25 (10 of 30 days of period 2):
        //   principal 100000.00 − 3707.35 = 96292.65; interest 962.93 × 10 / 30 = 320.976… → 320.98
        //   fee 96292.65 × 0.01 = 962.9265 → 962.93; total 96292.65 + 320.98 + 962.93 = 97576.56
        //   (the schedule would be 96292.65 + 12976.34 − 1000.00 = 108268.99)
        LoanAccount account = longAccountWithInstalmentsPaidOnTime(1);
        LocalDate asOf = LocalDate.of(2025, 4, 25);
        PayoffQuote quote = account.payoffQuote(asOf);
        assertThat(quote).isEqualTo(
                new PayoffQuote(asOf, money("96292.65"), money("320.98"), money("962.93"), ZERO));
        assertThat(quote.total()).isEqualTo(money("97576.56"));

        Allocation allocation = account.apply(quote.total(), asOf);

        assertThat(allocation).isEqualTo(new Allocation(money("96292.65"), money("320.98"), money("962.93"), ZERO,
                ZERO, true, money("962.93"), ZERO));
        assertThat(account.balances(asOf)).isEqualTo(new Balances(ZERO, ZERO, ZERO, ZERO, ZERO));
        assertThat(account.overpaid()).isEqualTo(ZERO);
        assertThat(account.instalments()).allMatch(Instalment::settled);
        assertThat(account.instalments().subList(0, 2)).extracting(Instalment::interest)
                .containsExactly(money("1000.00"), money("320.98"));
        assertThat(account.instalments().subList(2, 24)).extracting(Instalment::interest).containsOnly(ZERO);
        Instalment current = account.instalments().get(1);
        assertThat(current.fees()).isEqualTo(money("962.93"));
        assertThat(current.feesPaid()).isEqualTo(money("962.93"));
    }

    @Test
    void givenEqualPrincipalLongLoanHalfWayThroughPeriodTwo_whenPayoffQuoteIsPaid_thenEverythingIsSettledAndFeeIsOnePercentOfPrincipalNotYetDue() {
        // Instalment 1 (4166.67 + 1000.00 = 5166.67) paid on time; on 04-30 (15 of 30 days):
        //   principal 100000.00 − 4166.67 = 95833.33; interest 958.33 × 15 / 30 = 479.165 → 479.17 (half-up)
        //   fee 95833.33 × 0.01 = 958.3333 → 958.33; total 95833.33 + 479.17 + 958.33 = 97270.83
        //   (the schedule would be 95833.33 + 12500.00 − 1000.00 = 107333.33)
        LoanAccount account = longAccount(EQUAL_PRINCIPAL);
        account.apply(money("5166.67"), DUE_1);
        LocalDate asOf = LocalDate.of(2025, 4, 30);
        PayoffQuote quote = account.payoffQuote(asOf);
        assertThat(quote).isEqualTo(
                new PayoffQuote(asOf, money("95833.33"), money("479.17"), money("958.33"), ZERO));
        assertThat(quote.total()).isEqualTo(money("97270.83"));

        Allocation allocation = account.apply(money("97270.83"), asOf);

        assertThat(allocation).isEqualTo(new Allocation(money("95833.33"), money("479.17"), money("958.33"), ZERO,
                ZERO, true, money("958.33"), ZERO));
        assertThat(account.balances(asOf)).isEqualTo(new Balances(ZERO, ZERO, ZERO, ZERO, ZERO));
        assertThat(account.instalments()).allMatch(Instalment::settled);
        assertThat(account.instalments().subList(0, 2)).extracting(Instalment::interest)
                .containsExactly(money("1000.00"), money("479.17"));
        assertThat(account.instalments().subList(2, 24)).extracting(Instalment::interest).containsOnly(ZERO);
    }

    @Test
    void givenLongLoanWithAnOverdueInstalment_whenPayoffQuoteIsPaid_thenPenaltyAndDueInterestArePaidAndFeeIsOnlyOnPrincipalNotYetDue() {
        // Nothing paid; on 05-01 instalment 1 is 16 days overdue (past grace since 04-19):
        //   penalty 4707.35 × 0.0005 × 16 = 37.6588 → 37.66
        //   interest 1000.00 due + 962.93 × 16 / 30 = 513.562… → 513.56 accrued = 1513.56
        //   fee (100000.00 − 3707.35) × 0.01 = 962.9265 → 962.93 (instalment 1's principal is due, not prepaid)
        //   total 100000.00 + 1513.56 + 962.93 + 37.66 = 102514.15 (the schedule: 100000.00 + 12976.34 + 37.66)
        LoanAccount account = longAccount(EQUAL_INSTALLMENT);
        LocalDate asOf = LocalDate.of(2025, 5, 1);
        assertThat(account.payoffQuote(asOf)).isEqualTo(
                new PayoffQuote(asOf, money("100000.00"), money("1513.56"), money("962.93"), money("37.66")));

        Allocation allocation = account.apply(money("102514.15"), asOf);

        assertThat(allocation).isEqualTo(new Allocation(money("100000.00"), money("1513.56"), money("962.93"),
                money("37.66"), ZERO, true, money("962.93"), money("37.66")));
        assertThat(account.balances(asOf)).isEqualTo(new Balances(ZERO, ZERO, ZERO, ZERO, ZERO));
        assertThat(account.instalments().subList(0, 2)).extracting(Instalment::interest)
                .containsExactly(money("1000.00"), money("513.56"));
        assertThat(account.instalments().subList(2, 24)).extracting(Instalment::interest).containsOnly(ZERO);
        assertThat(account.hasArrears(asOf)).isFalse();
    }

    @Test
    void givenPayoffQuoteMinusTheFee_whenPaid_thenLoanIsPaidOffButTheFeeRemainsOwedUntilASecondPaymentClearsIt() {
        // Quote on 04-25 is 97576.56 of which fee 962.93, so 97576.56 − 962.93 = 96613.63 covers all but the fee
        LoanAccount account = longAccountWithInstalmentsPaidOnTime(1);
        LocalDate asOf = LocalDate.of(2025, 4, 25);

        Allocation payoff = account.apply(money("96613.63"), asOf);

        assertThat(payoff).isEqualTo(new Allocation(money("96292.65"), money("320.98"), ZERO, ZERO, ZERO, true,
                money("962.93"), ZERO));
        assertThat(account.balances(asOf)).isEqualTo(new Balances(ZERO, ZERO, money("962.93"), ZERO, ZERO));
        assertThat(account.instalments()).extracting(Instalment::unpaidPrincipal, Instalment::unpaidInterest)
                .containsOnly(tuple(ZERO, ZERO));
        assertThat(account.instalments().get(1).settled()).isFalse();

        // Paid after every due date and grace period: an unpaid fee is arrears like any other (so the loan keeps its
        // overdue handling), it carries no penalty, and with no principal left there is nothing to foreclose, so the
        // quote is just the fee.
        LocalDate later = LocalDate.of(2027, 3, 20);
        assertThat(account.hasArrears(later)).isTrue();
        assertThat(account.payoffQuote(later)).isEqualTo(new PayoffQuote(later, ZERO, ZERO, money("962.93"), ZERO));
        Allocation feePayment = account.apply(money("962.93"), later);

        assertThat(feePayment).isEqualTo(new Allocation(ZERO, ZERO, money("962.93"), ZERO, ZERO, false, ZERO, ZERO));
        assertThat(account.balances(later)).isEqualTo(new Balances(ZERO, ZERO, ZERO, ZERO, ZERO));
        assertThat(account.instalments()).allMatch(Instalment::settled);
    }

    @Test
    void givenPayoffQuoteMinusPartOfTheFee_whenPaid_thenWhatIsLeftOverPaysPartOfTheFee() {
        // 97576.56 − 300.00 = 97276.56: after 96613.63 of principal and interest, 662.93 of the 962.93 fee is paid
        LoanAccount account = longAccountWithInstalmentsPaidOnTime(1);
        LocalDate asOf = LocalDate.of(2025, 4, 25);

        Allocation allocation = account.apply(money("97276.56"), asOf);

        assertThat(allocation).isEqualTo(new Allocation(money("96292.65"), money("320.98"), money("662.93"), ZERO,
                ZERO, true, money("962.93"), ZERO));
        assertThat(account.balances(asOf).fees()).isEqualTo(money("300.00"));
    }

    @Test
    void givenOneFenBelowTheEarlyPayoffThreshold_whenPaid_thenItIsNoEarlyPayoffAndInstalmentsArePaidAsScheduled() {
        // threshold 96613.63 (quote minus fee); 96613.62 is one fen short, so it pays instalment 2 with its full
        // scheduled interest (962.93, not the 320.98 accrued) and goes on through the schedule without a fee
        LoanAccount account = longAccountWithInstalmentsPaidOnTime(1);
        LocalDate asOf = LocalDate.of(2025, 4, 25);

        Allocation allocation = account.apply(money("96613.62"), asOf);

        assertThat(allocation.earlyPayoff()).isFalse();
        assertThat(allocation.earlyRepaymentFee()).isEqualTo(ZERO);
        assertThat(allocation.overpaid()).isEqualTo(ZERO);
        assertThat(account.instalments().get(1).settled()).isTrue();
        assertThat(account.instalments()).extracting(Instalment::interest)
                .startsWith(money("1000.00"), money("962.93"), money("925.48"))
                .endsWith(money("92.75"), money("46.61"));
        assertThat(account.instalments()).extracting(Instalment::fees).containsOnly(ZERO);
    }

    // --- overpayment and refunds ----------------------------------------------------------------------------

    @Test
    void givenPayoffQuotePlusExtra_whenPaid_thenExtraIsOverpaidAndCanBeRefunded() {
        // 97576.56 + 123.45 = 97700.01
        LoanAccount account = longAccountWithInstalmentsPaidOnTime(1);
        LocalDate asOf = LocalDate.of(2025, 4, 25);

        Allocation allocation = account.apply(money("97700.01"), asOf);

        assertThat(allocation).isEqualTo(new Allocation(money("96292.65"), money("320.98"), money("962.93"), ZERO,
                money("123.45"), true, money("962.93"), ZERO));
        assertThat(account.balances(asOf)).isEqualTo(new Balances(ZERO, ZERO, ZERO, ZERO, money("123.45")));
        assertThat(account.overpaid()).isEqualTo(money("123.45"));

        account.refund(money("123.45"));

        assertThat(account.overpaid()).isEqualTo(ZERO);
        assertThat(account.balances(asOf).overpaid()).isEqualTo(ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"123.46", "0.00", "-1.00"})
    void givenAnOverpaymentOf12345_whenRefundIsAboveItOrNotPositive_thenItThrowsAndOverpaymentIsKept(String refund) {
        LoanAccount account = longAccountWithInstalmentsPaidOnTime(1);
        account.apply(money("97700.01"), LocalDate.of(2025, 4, 25));

        assertThatThrownBy(() -> account.refund(money(refund))).isInstanceOf(IllegalArgumentException.class);
        assertThat(account.overpaid()).isEqualTo(money("123.45"));
    }

    // --- reversals ---------------------------------------------------------------------------------------------

    @Test
    void givenLongLoanPaidOffInPeriodTwo_whenThePayoffIsReversed_thenTheScheduleIsOwedAgainWithItsInterestAndNoFee() {
        // The payoff of 97576.56 on 04-25 waived the interest of instalments 3 to 24 and charged a 962.93 fee.
        // Without it only instalment 1 (3707.35 + 1000.00 on its due date) stands: everything after is owed as
        // scheduled again, and the quote on 04-25 is the one before the payoff.
        LoanAccount account = longAccountWithInstalmentsPaidOnTime(1);
        LocalDate asOf = LocalDate.of(2025, 4, 25);
        account.apply(money("97576.56"), asOf);

        Map<String, Allocation> allocations = account.rebuild(
                List.of(new LoanAccount.Payment("RP-1", money("4707.35"), DUE_1)));

        assertThat(allocations).containsOnlyKeys("RP-1");
        assertThat(allocations.get("RP-1")).isEqualTo(new Allocation(money("3707.35"), money("1000.00"), ZERO, ZERO,
                ZERO, false, ZERO, ZERO));
        assertThat(account.balances(asOf)).isEqualTo(longAccountWithInstalmentsPaidOnTime(1).balances(asOf));
        assertThat(account.payoffQuote(asOf)).isEqualTo(
                new PayoffQuote(asOf, money("96292.65"), money("320.98"), money("962.93"), ZERO));
        assertThat(account.instalments().get(0).settled()).isTrue();
        assertThat(account.instalments().subList(1, 24)).noneMatch(Instalment::settled);
        assertThat(account.instalments().get(1).fees()).isEqualTo(ZERO);
        assertThat(account.instalments().get(23).interest()).isEqualTo(money("46.61"));
    }

    @Test
    void givenTwoInstalmentsPaidOnTime_whenTheFirstPaymentBounces_thenTheSecondPaysTheFirstInstalmentLateWithItsPenalty() {
        // Without the 04-15 payment, the 05-15 payment of 3366.72 finds instalment 1 thirty days overdue (past the
        // 3-day grace): penalty 3366.72 × 0.0005 × 30 = 50.5008 → 50.50, then its interest 50.00, then principal
        // 3366.72 − 50.50 − 50.00 = 3266.22 of its 3316.72; 50.50 of it stays unpaid, instalment 2 is untouched.
        LoanAccount account = account(EQUAL_INSTALLMENT);
        account.apply(money("3366.72"), DUE_1);
        account.apply(money("3366.72"), DUE_2);

        Map<String, Allocation> allocations = account.rebuild(
                List.of(new LoanAccount.Payment("RP-2", money("3366.72"), DUE_2)));

        assertThat(allocations.get("RP-2")).isEqualTo(new Allocation(money("3266.22"), money("50.00"), ZERO,
                money("50.50"), ZERO, false, ZERO, money("50.50")));
        Instalment first = account.instalments().get(0);
        assertThat(first.settled()).isFalse();
        assertThat(first.principal().subtract(first.principalPaid())).isEqualTo(money("50.50"));
        assertThat(account.instalments().get(1).principalPaid()).isEqualTo(ZERO);
        assertThat(account.hasArrears(DUE_2)).isTrue();
    }

    @Test
    void givenOverpaymentRefunded_whenAnEarlierPaymentIsReversed_thenTheRefundStillCountsAndNothingIsOverpaid() {
        // Instalment 1 paid on time, then 97700.01 on 04-25 (the quote 97576.56 plus 123.45, refunded). Without the
        // 04-15 payment the 97700.01 first pays instalment 1 ten days late: penalty 4707.35 × 0.0005 × 10 = 23.54
        // (23.53675), its interest 1000.00 and principal 3707.35; the remaining 92969.12 no longer pays off the loan.
        LoanAccount account = longAccountWithInstalmentsPaidOnTime(1);
        LocalDate asOf = LocalDate.of(2025, 4, 25);
        account.apply(money("97700.01"), asOf);
        account.refund(money("123.45"));

        account.rebuild(List.of(new LoanAccount.Payment("RP-3", money("97700.01"), asOf),
                new LoanAccount.Refund(money("123.45"))));

        assertThat(account.overpaid()).isEqualTo(ZERO);
        assertThat(account.instalments().get(0).settled()).isTrue();
        assertThat(account.instalments().get(0).penaltiesPaid()).isEqualTo(money("23.54"));
        assertThat(account.balances(asOf).principal().signum()).isPositive();
        assertThat(account.instalments()).anyMatch(instalment -> !instalment.settled());
    }

    @Test
    void givenTheFirstPaymentBounced_whenAmountDueIsAsked_thenEverythingAlreadyDueCountsFromTheOldestDueDate() {
        // As above: 50.50 of instalment 1's principal stays unpaid, and instalment 2 (3366.72) falls due 05-15.
        LoanAccount account = account(EQUAL_INSTALLMENT);
        account.apply(money("3366.72"), DUE_1);
        account.apply(money("3366.72"), DUE_2);
        account.rebuild(List.of(new LoanAccount.Payment("RP-2", money("3366.72"), DUE_2)));

        assertThat(account.amountDue(DUE_2)).contains(new LoanAccount.AmountDue(money("3417.22"), DUE_1));
    }

    @Test
    void givenNothingDueYet_whenAmountDueIsAsked_thenItIsTheNextInstalment() {
        LoanAccount account = account(EQUAL_INSTALLMENT);

        assertThat(account.amountDue(DISBURSED)).contains(new LoanAccount.AmountDue(money("3366.72"), DUE_1));
    }

    @Test
    void givenEverythingPaid_whenAmountDueIsAsked_thenNothingIsDue() {
        LoanAccount account = account(EQUAL_INSTALLMENT);
        account.apply(account.payoffQuote(DUE_1).total(), DUE_1);

        assertThat(account.amountDue(DUE_1)).isEmpty();
    }

    // --- penalties ------------------------------------------------------------------------------------------

    @Test
    void givenAnUnpaidInstalment_whenStillWithinGrace_thenNoPenaltyAccrues() {
        LoanAccount account = account(EQUAL_INSTALLMENT);
        LocalDate lastDayOfGrace = LocalDate.of(2025, 4, 18);

        assertThat(account.balances(lastDayOfGrace).penalties()).isEqualTo(ZERO);
        assertThat(account.accruePenalties(lastDayOfGrace)).isEqualTo(ZERO);
        assertThat(account.instalments().get(0).penalties()).isEqualTo(ZERO);
        assertThat(account.instalments().get(0).penaltyAccruedTo()).isNull();
    }

    @Test
    void givenAnUnpaidInstalment_whenTheDayAfterGraceComes_thenPenaltyIsCountedFromTheDueDateAndChargedOnlyOnce() {
        // 04-19: 4 days since 04-15; 3366.72 × 0.0005 × 4 = 6.73344 → 6.73
        LoanAccount account = account(EQUAL_INSTALLMENT);
        LocalDate asOf = LocalDate.of(2025, 4, 19);
        assertThat(account.balances(asOf).penalties()).isEqualTo(money("6.73"));

        assertThat(account.accruePenalties(asOf)).isEqualTo(money("6.73"));
        assertThat(account.accruePenalties(asOf)).isEqualTo(ZERO);

        Instalment first = account.instalments().get(0);
        assertThat(first.penalties()).isEqualTo(money("6.73"));
        assertThat(first.penaltyAccruedTo()).isEqualTo(asOf);
        assertThat(account.balances(asOf).penalties()).isEqualTo(money("6.73"));
    }

    @Test
    void givenPenaltyChargedAndAPartialPayment_whenPenaltiesAccrueLater_thenTheyRunFromPenaltyAccruedToOnTheReducedBase() {
        // 04-19: penalty 6.73 charged; payment 6.73 + 50.00 interest + 1000.00 principal = 1056.73
        // leaves a base of 3316.72 − 1000.00 = 2316.72
        // 04-29: 2316.72 × 0.0005 × 10 days (04-19→04-29) = 11.5836 → 11.58; total penalties 6.73 + 11.58 = 18.31
        LoanAccount account = account(EQUAL_INSTALLMENT);
        Allocation allocation = account.apply(money("1056.73"), LocalDate.of(2025, 4, 19));
        assertThat(allocation.penaltiesCharged()).isEqualTo(money("6.73"));
        assertThat(allocation.penalties()).isEqualTo(money("6.73"));

        BigDecimal charged = account.accruePenalties(LocalDate.of(2025, 4, 29));

        assertThat(charged).isEqualTo(money("11.58"));
        Instalment first = account.instalments().get(0);
        assertThat(first.penalties()).isEqualTo(money("18.31"));
        assertThat(first.unpaidPenalties()).isEqualTo(money("11.58"));
        assertThat(first.penaltyAccruedTo()).isEqualTo(LocalDate.of(2025, 4, 29));
    }

    @Test
    void givenPenaltiesAccruedToALaterDay_whenABackdatedPaymentIsApplied_thenNothingIsChargedAndLaterAccrualRunsFromThatDayOnTheReducedBase() {
        // 04-29: 3366.72 × 0.0005 × 14 days (04-15→04-29) = 23.56704 → 23.57, accrued to 04-29.
        // A payment booked late for 04-25 pays 23.57 + 50.00 interest + 1000.00 principal = 1073.57 and charges
        // nothing, since the days up to 04-29 are charged already; the base becomes 3316.72 − 1000.00 = 2316.72.
        // 05-09: only 04-29→05-09 is new: 2316.72 × 0.0005 × 10 = 11.5836 → 11.58 (rewinding to 04-25 would
        // charge 14 days, 16.22).
        LoanAccount account = account(EQUAL_INSTALLMENT);
        LocalDate accruedTo = LocalDate.of(2025, 4, 29);
        assertThat(account.accruePenalties(accruedTo)).isEqualTo(money("23.57"));

        Allocation backdated = account.apply(money("1073.57"), LocalDate.of(2025, 4, 25));

        assertThat(backdated).isEqualTo(new Allocation(money("1000.00"), money("50.00"), ZERO, money("23.57"), ZERO,
                false, ZERO, ZERO));
        Instalment first = account.instalments().get(0);
        assertThat(first.penaltyAccruedTo()).isEqualTo(accruedTo);

        assertThat(account.accruePenalties(LocalDate.of(2025, 5, 9))).isEqualTo(money("11.58"));
        // 23.57 + 11.58 = 35.15 charged in all, 11.58 of it unpaid
        assertThat(first.penalties()).isEqualTo(money("35.15"));
        assertThat(first.unpaidPenalties()).isEqualTo(money("11.58"));
        assertThat(first.penaltyAccruedTo()).isEqualTo(LocalDate.of(2025, 5, 9));
    }

    @Test
    void givenPenaltiesAccruedToALaterDay_whenAccruedForAnEarlierDay_thenNothingIsChargedAndTheDaysAreNotChargedTwice() {
        // 04-29: 23.57 as above. Accruing for 04-20 must leave the date at 04-29, or accruing to 04-29 again
        // would charge 04-20→04-29 a second time (3366.72 × 0.0005 × 9 = 15.15).
        LoanAccount account = account(EQUAL_INSTALLMENT);
        LocalDate accruedTo = LocalDate.of(2025, 4, 29);
        account.accruePenalties(accruedTo);

        assertThat(account.accruePenalties(LocalDate.of(2025, 4, 20))).isEqualTo(ZERO);

        assertThat(account.instalments().get(0).penaltyAccruedTo()).isEqualTo(accruedTo);
        assertThat(account.accruePenalties(accruedTo)).isEqualTo(ZERO);
        assertThat(account.instalments().get(0).penalties()).isEqualTo(money("23.57"));
    }

    @Test
    void givenAPenaltyEndingInHalfAFen_whenAccrued_thenItIsRoundedHalfUp() {
        // hand-made instalment: base 1000.00 + 9.00 = 1009.00; 10 days after due:
        // 1009.00 × 0.0005 × 10 = 5.045 → 5.05 half-up (5.04 half-even)
        LocalDate due = LocalDate.of(2025, 4, 1);
        LoanAccount account = new LoanAccount(LocalDate.of(2025, 3, 1), FEE_RATE, PENALTY_RATE, GRACE,
                List.of(new Instalment(1, due, money("1000.00"), money("9.00"))), ZERO);

        assertThat(account.accruePenalties(due.plusDays(10))).isEqualTo(money("5.05"));
    }

    // --- grace boundaries -----------------------------------------------------------------------------------

    @Test
    void givenAnUnpaidInstalment_whenExactlyAtDueDatePlusGrace_thenItIsNotPastGraceButTheDayAfterItIs() {
        LoanAccount account = account(EQUAL_INSTALLMENT);
        Instalment first = account.instalments().get(0);

        assertThat(account.pastGrace(first, DUE_1)).isFalse();
        assertThat(account.pastGrace(first, LocalDate.of(2025, 4, 18))).isFalse();
        assertThat(account.hasArrears(LocalDate.of(2025, 4, 18))).isFalse();
        assertThat(account.pastGrace(first, LocalDate.of(2025, 4, 19))).isTrue();
        assertThat(account.hasArrears(LocalDate.of(2025, 4, 19))).isTrue();
        assertThat(account.pastGrace(account.instalments().get(1), LocalDate.of(2025, 4, 19))).isFalse();
    }

    @Test
    void givenAnOverdueInstalment_whenItsPrincipalAndInterestArePaid_thenItIsNoLongerPastGrace() {
        // 04-25: penalty 3366.72 × 0.0005 × 10 = 16.8336 → 16.83; 16.83 + 3366.72 = 3383.55
        LoanAccount account = account(EQUAL_INSTALLMENT);
        LocalDate asOf = LocalDate.of(2025, 4, 25);
        assertThat(account.hasArrears(asOf)).isTrue();

        account.apply(money("3383.55"), asOf);

        assertThat(account.instalments().get(0).settled()).isTrue();
        assertThat(account.pastGrace(account.instalments().get(0), asOf)).isFalse();
        assertThat(account.hasArrears(asOf)).isFalse();
    }

    // --- invalid payments -----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"0.00", "-0.01", "-100.00"})
    void givenAnOverdueLoan_whenANonPositivePaymentIsApplied_thenItThrowsAndChargesNothing(String amount) {
        LoanAccount account = account(EQUAL_INSTALLMENT);

        assertThatThrownBy(() -> account.apply(money(amount), LocalDate.of(2025, 4, 25)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(account.instalments().get(0).penalties()).isEqualTo(ZERO);
        assertThat(account.instalments()).extracting(Instalment::paid).containsOnly(ZERO);
    }

    // --- paying ahead ---------------------------------------------------------------------------------------

    @Test
    void givenMoreThanTheDueInstalmentButLessThanThePayoffQuote_whenPaid_thenNextInstalmentIsPaidAheadWithItsScheduledInterestAndNoFee() {
        // On 04-15 the quote is the schedule, 10000.00 + 100.17 = 10100.17 (foreclosure: 10000.00 + 50.00 + fee
        // 66.83 = 10116.83); 3366.72 + 2000.00 = 5366.72 is far below either.
        // Instalment 2 gets 33.42 interest (in full, though none has accrued) and 2000.00 − 33.42 = 1966.58 principal.
        LoanAccount account = account(EQUAL_INSTALLMENT);

        Allocation allocation = account.apply(money("5366.72"), DUE_1);

        // principal 3316.72 + 1966.58 = 5283.30; interest 50.00 + 33.42 = 83.42
        assertThat(allocation).isEqualTo(new Allocation(money("5283.30"), money("83.42"), ZERO, ZERO, ZERO, false,
                ZERO, ZERO));
        assertThat(account.instalments().get(0).settled()).isTrue();
        Instalment second = account.instalments().get(1);
        assertThat(second.interestPaid()).isEqualTo(money("33.42"));
        assertThat(second.principalPaid()).isEqualTo(money("1966.58"));
        assertThat(second.fees()).isEqualTo(ZERO);
        assertThat(account.instalments().get(2).paid()).isEqualTo(ZERO);
        // 10000.00 − 5283.30 = 4716.70; the interest of period 2 is already paid
        assertThat(account.balances(DUE_1)).isEqualTo(new Balances(money("4716.70"), ZERO, ZERO, ZERO, ZERO));
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** The short loan: 10 000.00 over 3 months at 6 %. */
    private static LoanAccount account(RepaymentMethod method) {
        return account(method, FEE_RATE);
    }

    private static LoanAccount account(RepaymentMethod method, BigDecimal feeRate) {
        return account(money("10000.00"), 3, new BigDecimal("0.06"), method, feeRate);
    }

    /** The short EQUAL_INSTALLMENT loan with instalment 1 (3316.72 + 50.00) paid on its due date. */
    private static LoanAccount shortAccountWithFirstInstalmentPaid() {
        LoanAccount account = account(EQUAL_INSTALLMENT);
        account.apply(money("3366.72"), DUE_1);
        return account;
    }

    /** The long loan: 100 000.00 over 24 months at 12 %. */
    private static LoanAccount longAccount(RepaymentMethod method) {
        return account(money("100000.00"), 24, new BigDecimal("0.12"), method, FEE_RATE);
    }

    /**
     * The long EQUAL_INSTALLMENT loan with its first {@code count} instalments paid exactly, each on its due date:
     * no penalty accrues and every payment is far below a payoff.
     */
    private static LoanAccount longAccountWithInstalmentsPaidOnTime(int count) {
        LoanAccount account = longAccount(EQUAL_INSTALLMENT);
        for (Instalment instalment : account.instalments().subList(0, count)) {
            account.apply(instalment.principal().add(instalment.interest()), instalment.dueDate());
        }
        return account;
    }

    private static LoanAccount account(BigDecimal principal, int months, BigDecimal annualRate, RepaymentMethod method,
                                       BigDecimal feeRate) {
        List<Instalment> instalments = ScheduleCalculator
                .calculate(principal, months, annualRate, method, DISBURSED).stream()
                .map(s -> new Instalment(s.number(), s.dueDate(), s.principal(), s.interest()))
                .toList();
        return new LoanAccount(DISBURSED, feeRate, PENALTY_RATE, GRACE, instalments, ZERO);
    }

    /** The short EQUAL_INSTALLMENT loan with a fee already charged on instalment 1 and nothing paid. */
    private static LoanAccount accountWithFeeOnFirstInstalment(BigDecimal fee) {
        List<Instalment> instalments = List.of(
                new Instalment(1, DUE_1, money("3316.72"), money("50.00"), fee, ZERO, ZERO, ZERO, ZERO, ZERO,
                        null, null, null),
                new Instalment(2, DUE_2, money("3333.30"), money("33.42")),
                new Instalment(3, DUE_3, money("3349.98"), money("16.75")));
        return new LoanAccount(DISBURSED, FEE_RATE, PENALTY_RATE, GRACE, instalments, ZERO);
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }
}
