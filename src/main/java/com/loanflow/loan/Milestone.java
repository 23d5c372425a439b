package com.loanflow.loan;

/** What the repayment phase's timer found due: a reminder, an instalment gone overdue, or nothing. */
public record Milestone(Kind kind, Integer instalmentNumber) {

    public enum Kind {
        REMINDER, OVERDUE, NONE
    }

    public static Milestone none() {
        return new Milestone(Kind.NONE, null);
    }
}
