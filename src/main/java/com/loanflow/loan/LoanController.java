package com.loanflow.loan;

import com.loanflow.loan.ledger.Ledger;
import com.loanflow.loan.ledger.LedgerEntry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/loans/{loanId}")
class LoanController {

    private final LoanViews views;
    private final RepaymentService repayments;
    private final Ledger ledger;

    LoanController(LoanViews views, RepaymentService repayments, Ledger ledger) {
        this.views = views;
        this.repayments = repayments;
        this.ledger = ledger;
    }

    record AllocationView(BigDecimal principal, BigDecimal interest, BigDecimal fees, BigDecimal penalties,
                          BigDecimal overpaid, BigDecimal earlyRepaymentFeeCharged, BigDecimal penaltiesCharged) {
    }

    record RepaymentView(String repaymentId, String loanId, String transactionId, BigDecimal amount, Instant paidAt,
                         String channel, boolean earlyPayoff, AllocationView allocation, Instant postedAt,
                         Instant reversedAt, String reversalReason) {

        static RepaymentView of(Repayment r) {
            Allocation a = r.allocation();
            return new RepaymentView(r.id(), r.loanId(), r.transactionId(), r.amount(), r.paidAt(), r.channel(),
                    a.earlyPayoff(), new AllocationView(a.principal(), a.interest(), a.fees(), a.penalties(),
                    a.overpaid(), a.earlyRepaymentFee(), a.penaltiesCharged()), r.createdAt(), r.reversedAt(),
                    r.reversalReason());
        }
    }

    /** A bounced bank transfer, reported by the repayment system. */
    record Reversal(@NotNull OffsetDateTime reversedAt, @NotBlank @Size(max = 300) String reason) {
    }

    record LedgerView(String loanId, boolean valid, Integer brokenAtSequence, String finalHash,
                      List<LedgerEntry> entries) {
    }

    @GetMapping
    LoanViews.LoanView loan(@PathVariable String loanId) {
        return views.view(loanId);
    }

    @GetMapping("/schedule")
    LoanViews.ScheduleView schedule(@PathVariable String loanId) {
        return views.schedule(loanId);
    }

    @GetMapping("/payoff-quote")
    LoanViews.PayoffQuoteView payoffQuote(@PathVariable String loanId) {
        return views.payoffQuote(loanId);
    }

    @PostMapping("/repayments")
    ResponseEntity<RepaymentView> repay(@PathVariable String loanId, @Valid @RequestBody RepaymentCommand command) {
        RepaymentService.Posted posted = repayments.post(loanId, command);
        RepaymentView body = RepaymentView.of(posted.repayment());
        if (posted.replayed()) {
            return ResponseEntity.ok(body);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    /**
     * Reverses a posted repayment; 200 with the repayment, also when it was reversed before. 202 with the repayment
     * as it still stands when the lien was already released: the servicing managers decide, and a report of the
     * same bounce while they do answers 202 again.
     */
    @PostMapping("/repayments/{transactionId}/reversal")
    ResponseEntity<RepaymentView> reverse(@PathVariable String loanId, @PathVariable String transactionId,
                                          @Valid @RequestBody Reversal reversal) {
        RepaymentService.Reversal reversed = repayments.reverse(loanId, transactionId,
                reversal.reversedAt().toInstant(), reversal.reason());
        HttpStatus status = reversed.outcome() == RepaymentService.ReversalOutcome.HELD_FOR_REVIEW
                ? HttpStatus.ACCEPTED : HttpStatus.OK;
        return ResponseEntity.status(status).body(RepaymentView.of(reversed.repayment()));
    }

    @GetMapping("/ledger")
    LedgerView ledger(@PathVariable String loanId) {
        views.loan(loanId);
        Ledger.Verification verification = ledger.verify(loanId);
        return new LedgerView(loanId, verification.valid(), verification.brokenAt(), verification.finalHash(),
                verification.entries());
    }
}
