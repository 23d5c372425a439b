package com.loanflow.loan.schedule;

import static com.loanflow.loan.schedule.RepaymentMethod.EQUAL_INSTALLMENT;
import static com.loanflow.loan.schedule.RepaymentMethod.EQUAL_PRINCIPAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Expected figures are worked out by hand (arithmetic in the comments) and were cross-checked with
 * Python's {@code decimal} module at 34 digits with half-up rounding to the fen.
 */
class ScheduleCalculatorTest {

    private static final LocalDate DISBURSED = LocalDate.of(2025, 3, 15);

    @Test
    void givenThreeMonthsAtTwelvePercent_whenEqualInstalment_thenEveryInstalmentMatchesHandComputation() {
        // r = 0.12 / 12 = 0.01; (1.01)^3 = 1.030301
        // payment = 1000 × 0.01 × 1.030301 / 0.030301 = 340.0221… → 340.02
        // 1: interest 1000.00 × 0.01 = 10.00;          principal 340.02 − 10.00 = 330.02; balance 669.98
        // 2: interest 669.98 × 0.01 = 6.6998 → 6.70;    principal 333.32;                  balance 336.66
        // 3: interest 336.66 × 0.01 = 3.3666 → 3.37;    principal = balance 336.66; total 340.03
        List<ScheduledInstalment> schedule = ScheduleCalculator.calculate(
                money("1000.00"), 3, new BigDecimal("0.12"), EQUAL_INSTALLMENT, DISBURSED);

        assertThat(schedule).containsExactly(
                instalment(1, LocalDate.of(2025, 4, 15), "330.02", "10.00", "340.02"),
                instalment(2, LocalDate.of(2025, 5, 15), "333.32", "6.70", "340.02"),
                instalment(3, LocalDate.of(2025, 6, 15), "336.66", "3.37", "340.03"));
    }

    @Test
    void givenThreeMonthsAtSixPercent_whenEqualInstalment_thenLastInstalmentAbsorbsRounding() {
        // r = 0.005; (1.005)^3 = 1.015075125
        // payment = 10000 × 0.005 × 1.015075125 / 0.015075125 = 3366.7220… → 3366.72
        // 1: interest 50.00;                          principal 3316.72; balance 6683.28
        // 2: interest 6683.28 × 0.005 = 33.4164 → 33.42; principal 3333.30; balance 3349.98
        // 3: interest 3349.98 × 0.005 = 16.7499 → 16.75; principal 3349.98; total 3366.73
        List<ScheduledInstalment> schedule = ScheduleCalculator.calculate(
                money("10000.00"), 3, new BigDecimal("0.06"), EQUAL_INSTALLMENT, DISBURSED);

        assertThat(schedule).extracting(ScheduledInstalment::principal)
                .containsExactly(money("3316.72"), money("3333.30"), money("3349.98"));
        assertThat(schedule).extracting(ScheduledInstalment::interest)
                .containsExactly(money("50.00"), money("33.42"), money("16.75"));
        assertThat(schedule).extracting(ScheduledInstalment::total)
                .containsExactly(money("3366.72"), money("3366.72"), money("3366.73"));
    }

    @Test
    void givenNinetyThousandOverThirtySixMonthsAt588_whenEqualInstalment_thenFirstSecondAndLastMatchHandComputation() {
        // r = 0.0588 / 12 = 0.0049; (1.0049)^36 = 1.1924013638657…
        // payment = 90000 × 0.0049 × 1.1924013638657 / 0.1924013638657 = 2733.0835… → 2733.08
        // 1: interest 90000.00 × 0.0049 = 441.00;               principal 2733.08 − 441.00 = 2292.08
        //    balance 87707.92
        // 2: interest 87707.92 × 0.0049 = 429.768808 → 429.77;  principal 2303.31
        // 36: balance left 2719.88; interest 2719.88 × 0.0049 = 13.327412 → 13.33; total 2733.21
        // totals: 35 × 2733.08 + 2733.21 = 98391.01, of which interest 8391.01
        List<ScheduledInstalment> schedule = ScheduleCalculator.calculate(
                money("90000.00"), 36, new BigDecimal("0.0588"), EQUAL_INSTALLMENT, LocalDate.of(2025, 1, 10));

        assertThat(schedule).hasSize(36);
        assertThat(schedule.get(0))
                .isEqualTo(instalment(1, LocalDate.of(2025, 2, 10), "2292.08", "441.00", "2733.08"));
        assertThat(schedule.get(1))
                .isEqualTo(instalment(2, LocalDate.of(2025, 3, 10), "2303.31", "429.77", "2733.08"));
        assertThat(schedule.get(35))
                .isEqualTo(instalment(36, LocalDate.of(2028, 1, 10), "2719.88", "13.33", "2733.21"));
        assertThat(schedule.subList(0, 35)).extracting(ScheduledInstalment::total).containsOnly(money("2733.08"));
        assertThat(sum(schedule, ScheduledInstalment::principal)).isEqualTo(money("90000.00"));
        assertThat(sum(schedule, ScheduledInstalment::interest)).isEqualTo(money("8391.01"));
        assertThat(sum(schedule, ScheduledInstalment::total)).isEqualTo(money("98391.01"));
    }

    @Test
    void givenRateThatIsNotATerminatingDecimal_whenEqualInstalment_thenMonthlyRateIsNotRoundedEarly() {
        // r = 0.05 / 12 = 0.0041666…; interest 1 = 100000 / 240 = 416.666… → 416.67
        // (rounding r to 0.004167 would give 416.70 and a payment of 8560.77 instead of 8560.75)
        // payment = 100000 × r × (1+r)^12 / ((1+r)^12 − 1) = 8560.7481… → 8560.75
        List<ScheduledInstalment> schedule = ScheduleCalculator.calculate(
                money("100000.00"), 12, new BigDecimal("0.05"), EQUAL_INSTALLMENT, DISBURSED);

        assertThat(schedule.get(0)).extracting(ScheduledInstalment::interest, ScheduledInstalment::principal,
                ScheduledInstalment::total).containsExactly(money("416.67"), money("8144.08"), money("8560.75"));
        assertThat(schedule.get(11)).extracting(ScheduledInstalment::interest, ScheduledInstalment::principal,
                ScheduledInstalment::total).containsExactly(money("35.52"), money("8525.21"), money("8560.73"));
        assertThat(sum(schedule, ScheduledInstalment::principal)).isEqualTo(money("100000.00"));
    }

    @Test
    void givenTwelveThousandOverTwelveMonthsAtSixPercent_whenEqualPrincipal_thenInterestFallsByFiveEachMonth() {
        // principal 12000 / 12 = 1000.00; r = 0.005
        // interest k = (12000 − 1000 × (k − 1)) × 0.005: 60.00, 55.00, …, 1000 × 0.005 = 5.00
        List<ScheduledInstalment> schedule = ScheduleCalculator.calculate(
                money("12000.00"), 12, new BigDecimal("0.06"), EQUAL_PRINCIPAL, DISBURSED);

        assertThat(schedule).extracting(ScheduledInstalment::principal).containsOnly(money("1000.00"));
        assertThat(schedule).extracting(ScheduledInstalment::interest).containsExactly(
                money("60.00"), money("55.00"), money("50.00"), money("45.00"), money("40.00"), money("35.00"),
                money("30.00"), money("25.00"), money("20.00"), money("15.00"), money("10.00"), money("5.00"));
        assertThat(schedule.get(0).total()).isEqualTo(money("1060.00"));
        assertThat(schedule.get(11).total()).isEqualTo(money("1005.00"));
        assertThat(schedule.get(11).dueDate()).isEqualTo(LocalDate.of(2026, 3, 15));
        assertThat(sum(schedule, ScheduledInstalment::total)).isEqualTo(money("12390.00"));
    }

    @Test
    void givenPrincipalNotDivisibleByTerm_whenEqualPrincipal_thenLastPrincipalTakesTheRemainder() {
        // 1000 / 3 = 333.333… → 333.33; last = 1000 − 2 × 333.33 = 333.34; r = 0.01
        // interest: 1000.00 × 0.01 = 10.00; 666.67 × 0.01 = 6.6667 → 6.67; 333.34 × 0.01 = 3.3334 → 3.33
        List<ScheduledInstalment> schedule = ScheduleCalculator.calculate(
                money("1000.00"), 3, new BigDecimal("0.12"), EQUAL_PRINCIPAL, DISBURSED);

        assertThat(schedule).containsExactly(
                instalment(1, LocalDate.of(2025, 4, 15), "333.33", "10.00", "343.33"),
                instalment(2, LocalDate.of(2025, 5, 15), "333.33", "6.67", "340.00"),
                instalment(3, LocalDate.of(2025, 6, 15), "333.34", "3.33", "336.67"));
    }

    @Test
    void givenInterestEndingInHalfAFen_whenEqualPrincipal_thenItRoundsHalfUpNotToEven() {
        // 1000.50 / 3 = 333.50 exactly; r = 0.01
        // interest: 1000.50 × 0.01 = 10.005 → 10.01 (half-even would give 10.00); 667.00 → 6.67;
        // 333.50 × 0.01 = 3.335 → 3.34
        List<ScheduledInstalment> schedule = ScheduleCalculator.calculate(
                money("1000.50"), 3, new BigDecimal("0.12"), EQUAL_PRINCIPAL, DISBURSED);

        assertThat(schedule).extracting(ScheduledInstalment::interest)
                .containsExactly(money("10.01"), money("6.67"), money("3.34"));
        assertThat(schedule).extracting(ScheduledInstalment::total)
                .containsExactly(money("343.51"), money("340.17"), money("336.84"));
    }

    @ParameterizedTest
    @EnumSource(RepaymentMethod.class)
    void givenZeroRate_whenCalculating_thenNoInterestAndLastInstalmentAbsorbsRounding(RepaymentMethod method) {
        // 100 / 3 = 33.333… → 33.33; last = 100 − 66.66 = 33.34
        List<ScheduledInstalment> schedule = ScheduleCalculator.calculate(
                money("100.00"), 3, BigDecimal.ZERO, method, DISBURSED);

        assertThat(schedule).containsExactly(
                instalment(1, LocalDate.of(2025, 4, 15), "33.33", "0.00", "33.33"),
                instalment(2, LocalDate.of(2025, 5, 15), "33.33", "0.00", "33.33"),
                instalment(3, LocalDate.of(2025, 6, 15), "33.34", "0.00", "33.34"));
    }

    @Test
    void givenDisbursementOnThirtyFirstOfJanuaryInLeapYear_whenCalculating_thenDueDatesClampToMonthEnd() {
        List<ScheduledInstalment> schedule = ScheduleCalculator.calculate(
                money("4000.00"), 4, new BigDecimal("0.06"), EQUAL_PRINCIPAL, LocalDate.of(2024, 1, 31));

        // Each date counts from the disbursement day, so after February's clamp March is back on the 31st.
        assertThat(schedule).extracting(ScheduledInstalment::dueDate).containsExactly(
                LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 31), LocalDate.of(2024, 4, 30),
                LocalDate.of(2024, 5, 31));
    }

    @Test
    void givenDisbursementOnThirtyFirstOfJanuaryInCommonYear_whenCalculating_thenFebruaryInstalmentIsDueOn28th() {
        List<ScheduledInstalment> schedule = ScheduleCalculator.calculate(
                money("2000.00"), 2, new BigDecimal("0.06"), EQUAL_INSTALLMENT, LocalDate.of(2023, 1, 31));

        assertThat(schedule).extracting(ScheduledInstalment::dueDate)
                .containsExactly(LocalDate.of(2023, 2, 28), LocalDate.of(2023, 3, 31));
    }

    @ParameterizedTest
    @EnumSource(RepaymentMethod.class)
    void givenMaximumTerm_whenCalculating_thenPrincipalsAddUpExactly(RepaymentMethod method) {
        List<ScheduledInstalment> schedule = ScheduleCalculator.calculate(
                money("1234567.89"), 360, new BigDecimal("0.0437"), method, DISBURSED);

        assertThat(schedule).hasSize(360);
        assertThat(sum(schedule, ScheduledInstalment::principal)).isEqualTo(money("1234567.89"));
        assertThat(schedule).allSatisfy(i -> {
            assertThat(i.principal().scale()).isEqualTo(2);
            assertThat(i.interest().scale()).isEqualTo(2);
            assertThat(i.total().scale()).isEqualTo(2);
            assertThat(i.principal().signum()).isPositive();
        });
    }

    @Test
    void givenPrincipalWithTrailingZeros_whenCalculating_thenAmountsHaveScaleTwo() {
        List<ScheduledInstalment> schedule = ScheduleCalculator.calculate(
                new BigDecimal("300.000"), 3, BigDecimal.ZERO, EQUAL_PRINCIPAL, DISBURSED);

        assertThat(schedule).extracting(ScheduledInstalment::principal).containsOnly(money("100.00"));
    }

    @Test
    void givenInvalidArguments_whenCalculating_thenIllegalArgumentException() {
        BigDecimal rate = new BigDecimal("0.05");
        assertRejected(() -> ScheduleCalculator.calculate(null, 12, rate, EQUAL_INSTALLMENT, DISBURSED));
        assertRejected(() -> ScheduleCalculator.calculate(money("0.00"), 12, rate, EQUAL_INSTALLMENT, DISBURSED));
        assertRejected(() -> ScheduleCalculator.calculate(money("-1.00"), 12, rate, EQUAL_INSTALLMENT, DISBURSED));
        assertRejected(() -> ScheduleCalculator.calculate(
                new BigDecimal("100.005"), 12, rate, EQUAL_INSTALLMENT, DISBURSED));
        assertRejected(() -> ScheduleCalculator.calculate(money("100.00"), 0, rate, EQUAL_INSTALLMENT, DISBURSED));
        assertRejected(() -> ScheduleCalculator.calculate(money("100.00"), 361, rate, EQUAL_INSTALLMENT, DISBURSED));
        assertRejected(() -> ScheduleCalculator.calculate(money("100.00"), 12, null, EQUAL_INSTALLMENT, DISBURSED));
        assertRejected(() -> ScheduleCalculator.calculate(
                money("100.00"), 12, new BigDecimal("-0.01"), EQUAL_INSTALLMENT, DISBURSED));
        assertRejected(() -> ScheduleCalculator.calculate(money("100.00"), 12, rate, null, DISBURSED));
        assertRejected(() -> ScheduleCalculator.calculate(money("100.00"), 12, rate, EQUAL_INSTALLMENT, null));
    }

    @Test
    void givenPrincipalTooSmallForTerm_whenEqualPrincipal_thenIllegalArgumentExceptionInsteadOfNegativeInstalment() {
        // 0.15 / 9 = 0.01666… → 0.02; eight of those are 0.16 > 0.15, so the last would be −0.01
        assertRejected(() -> ScheduleCalculator.calculate(
                money("0.15"), 9, new BigDecimal("0.12"), EQUAL_PRINCIPAL, DISBURSED));
    }

    @Test
    void givenSchedule_whenModifyingIt_thenUnsupportedOperationException() {
        List<ScheduledInstalment> schedule = ScheduleCalculator.calculate(
                money("100.00"), 1, BigDecimal.ZERO, EQUAL_INSTALLMENT, DISBURSED);

        assertThatThrownBy(schedule::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenTotalThatDoesNotAddUp_whenCreatingInstalment_thenIllegalArgumentException() {
        assertRejected(() -> new ScheduledInstalment(1, DISBURSED, money("1.00"), money("0.10"), money("1.11")));
    }

    private static void assertRejected(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
    }

    private static ScheduledInstalment instalment(int number, LocalDate due, String principal, String interest,
            String total) {
        return new ScheduledInstalment(number, due, money(principal), money(interest), money(total));
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }

    private static BigDecimal sum(List<ScheduledInstalment> schedule, Function<ScheduledInstalment, BigDecimal> f) {
        return schedule.stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
