package com.loanflow.loan.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/** One append-only ledger line; {@code hash} covers {@code previousHash} and {@link #canonicalForm()}. */
public record LedgerEntry(String loanId, int sequence, LedgerEntryType type, BigDecimal amount, String reference,
                          Instant bookedAt, String details, String previousHash, String hash) {

    /**
     * The fields that are hashed, in a fixed order and format. Changing this breaks every existing chain, so it
     * never changes; a new field gets a new entry type instead.
     */
    public String canonicalForm() {
        return String.join("|", loanId, Integer.toString(sequence), type.name(), amount.setScale(2).toPlainString(),
                reference, bookedAt.toString(), details);
    }
}
