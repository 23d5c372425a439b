package com.loanflow.loan.schedule;

/**
 * How a loan's principal is spread over its instalments.
 */
public enum RepaymentMethod {

    /** 等额本息 (annuity): the same total every month except the last, which absorbs rounding. */
    EQUAL_INSTALLMENT,

    /** 等额本金: the same principal every month, so the total falls as the balance (and its interest) shrinks. */
    EQUAL_PRINCIPAL
}
