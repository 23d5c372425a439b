package com.loanflow.loan.ledger;

import static com.loanflow.common.Jdbc.instant;
import static com.loanflow.common.Jdbc.utc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The repayment ledger of each loan: a hash chain, so an edit of any past line (even straight in the database)
 * shows when the chain is verified. Callers hold the loan's row lock, so appends of one loan never interleave.
 */
@Repository
public class Ledger {

    static final String GENESIS = "0".repeat(64);

    private final JdbcClient jdbc;

    Ledger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public LedgerEntry append(String loanId, LedgerEntryType type, BigDecimal amount, String reference,
                              Instant bookedAt, String details) {
        List<LedgerEntry> last = jdbc.sql("select * from ledger_entry where loan_id = :loanId order by sequence desc limit 1")
                .param("loanId", loanId)
                .query(Ledger::entry)
                .list();
        int sequence = last.isEmpty() ? 1 : last.get(0).sequence() + 1;
        // Databases keep microseconds at most; the hashed time must be exactly what is read back.
        bookedAt = bookedAt.truncatedTo(ChronoUnit.MILLIS);
        String previousHash = last.isEmpty() ? GENESIS : last.get(0).hash();
        LedgerEntry unhashed = new LedgerEntry(loanId, sequence, type, amount.setScale(2), reference, bookedAt,
                details, previousHash, null);
        LedgerEntry entry = new LedgerEntry(loanId, sequence, type, unhashed.amount(), reference, bookedAt, details,
                previousHash, hash(previousHash, unhashed.canonicalForm()));
        jdbc.sql("""
                insert into ledger_entry (loan_id, sequence, entry_type, amount, reference, booked_at, details,
                    previous_hash, hash)
                values (:loanId, :sequence, :type, :amount, :reference, :bookedAt, :details, :previousHash, :hash)""")
                .param("loanId", loanId)
                .param("sequence", sequence)
                .param("type", type.name())
                .param("amount", entry.amount())
                .param("reference", reference)
                .param("bookedAt", utc(bookedAt))
                .param("details", details)
                .param("previousHash", previousHash)
                .param("hash", entry.hash())
                .update();
        return entry;
    }

    public List<LedgerEntry> entries(String loanId) {
        return jdbc.sql("select * from ledger_entry where loan_id = :loanId order by sequence")
                .param("loanId", loanId)
                .query(Ledger::entry)
                .list();
    }

    /** Re-computes the chain from the first entry; any edited, removed or reordered line breaks it. */
    public Verification verify(String loanId) {
        List<LedgerEntry> entries = entries(loanId);
        String previous = GENESIS;
        int expectedSequence = 1;
        for (LedgerEntry entry : entries) {
            if (entry.sequence() != expectedSequence || !entry.previousHash().equals(previous)
                    || !entry.hash().equals(hash(previous, entry.canonicalForm()))) {
                return new Verification(false, entry.sequence(), entries);
            }
            previous = entry.hash();
            expectedSequence++;
        }
        return new Verification(true, null, entries);
    }

    /** The result of re-verifying a loan's chain; {@code brokenAt} is the first sequence that does not verify. */
    public record Verification(boolean valid, Integer brokenAt, List<LedgerEntry> entries) {

        public String finalHash() {
            return entries.isEmpty() ? GENESIS : entries.get(entries.size() - 1).hash();
        }
    }

    static String hash(String previousHash, String canonicalForm) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) '\n');
            return HexFormat.of().formatHex(sha256.digest(canonicalForm.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static LedgerEntry entry(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new LedgerEntry(rs.getString("loan_id"), rs.getInt("sequence"),
                LedgerEntryType.valueOf(rs.getString("entry_type")), rs.getBigDecimal("amount"),
                rs.getString("reference"), instant(rs, "booked_at"), rs.getString("details"),
                rs.getString("previous_hash"), rs.getString("hash"));
    }
}
