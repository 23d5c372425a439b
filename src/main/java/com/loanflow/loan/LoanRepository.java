package com.loanflow.loan;

import static com.loanflow.common.Jdbc.instant;
import static com.loanflow.common.Jdbc.utc;

import com.loanflow.loan.schedule.RepaymentMethod;
import com.loanflow.loan.schedule.ScheduledInstalment;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Loans and their instalments. Every write joins the caller's transaction, which is also the engine's. */
@Repository
public class LoanRepository {

    private final JdbcClient jdbc;

    LoanRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Loan loan) {
        jdbc.sql("""
                insert into loan (id, borrower_id, status, settlement_state, vehicle_vin, vehicle_make, vehicle_model,
                    vehicle_price, principal, term_months, annual_rate, repayment_method, declared_monthly_income,
                    early_repayment_fee_rate, penalty_daily_rate, overpaid_amount, created_at, updated_at)
                values (:id, :borrowerId, :status, :settlementState, :vin, :make, :model, :price, :principal,
                    :termMonths, :annualRate, :method, :income, :feeRate, :penaltyRate, 0, :createdAt, :createdAt)""")
                .param("id", loan.id())
                .param("borrowerId", loan.borrowerId())
                .param("status", loan.status().name())
                .param("settlementState", loan.settlementState().name())
                .param("vin", loan.vehicle().vin())
                .param("make", loan.vehicle().make())
                .param("model", loan.vehicle().model())
                .param("price", loan.vehicle().price())
                .param("principal", loan.principal())
                .param("termMonths", loan.termMonths())
                .param("annualRate", loan.annualRate())
                .param("method", loan.repaymentMethod().name())
                .param("income", loan.declaredMonthlyIncome())
                .param("feeRate", loan.earlyRepaymentFeeRate())
                .param("penaltyRate", loan.penaltyDailyRate())
                .param("createdAt", utc(loan.createdAt()))
                .update();
    }

    public Optional<Loan> find(String id) {
        return jdbc.sql("select * from loan where id = :id").param("id", id).query(LoanRepository::loan).optional();
    }

    /**
     * Reads the loan and locks its row until the transaction ends, so that concurrent repayments, receipts and
     * jobs of one loan take their turn instead of racing on its balances.
     */
    public Optional<Loan> lock(String id) {
        return jdbc.sql("select * from loan where id = :id for update").param("id", id)
                .query(LoanRepository::loan).optional();
    }

    public Loan get(String id) {
        return find(id).orElseThrow(() -> new IllegalStateException("Loan " + id + " does not exist"));
    }

    /** An application still open for this applicant and vehicle, if any: a replayed application is refused. */
    public Optional<String> findOpenApplication(String idNumber, String vin) {
        return jdbc.sql("""
                select l.id from loan l join borrower b on b.id = l.borrower_id
                where b.id_number = :idNumber and l.vehicle_vin = :vin and l.status not in ('REJECTED', 'CLOSED')""")
                .param("idNumber", idNumber)
                .param("vin", vin)
                .query(String.class)
                .optional();
    }

    public void setProcessInstance(String id, String processInstanceId) {
        update(id, "process_instance_id = :value", processInstanceId);
    }

    public void setStatus(String id, LoanStatus status) {
        update(id, "status = :value", status.name());
    }

    public void setSettlementState(String id, SettlementState state) {
        update(id, "settlement_state = :value", state.name());
    }

    public void recordCreditReport(String id, Loan.CreditReport report) {
        jdbc.sql("""
                update loan set credit_score = :score, credit_record = :record, verified_monthly_income = :income,
                    vehicle_ownership_verified = :ownership, credit_checked_at = :at, updated_at = :at
                where id = :id""")
                .param("score", report.creditScore())
                .param("record", report.creditRecord())
                .param("income", report.verifiedMonthlyIncome())
                .param("ownership", report.vehicleOwnershipVerified())
                .param("at", utc(report.checkedAt()))
                .param("id", id)
                .update();
    }

    public void recordRiskDecision(String id, String decision, String reason, LoanStatus status, Instant at) {
        jdbc.sql("""
                update loan set risk_decision = :decision, risk_reason = :reason, status = :status, updated_at = :at
                where id = :id""")
                .param("decision", decision)
                .param("reason", reason)
                .param("status", status.name())
                .param("at", utc(at))
                .param("id", id)
                .update();
    }

    public void recordContractSigned(String id, Instant signedAt, Instant now) {
        jdbc.sql("update loan set contract_signed_at = :signedAt, status = 'DISBURSING', updated_at = :now where id = :id")
                .param("signedAt", utc(signedAt))
                .param("now", utc(now))
                .param("id", id)
                .update();
    }

    public void recordDisbursement(String id, String reference, Instant at) {
        jdbc.sql("""
                update loan set disbursed_at = :at, disbursement_reference = :reference, status = 'ACTIVE',
                    updated_at = :at where id = :id""")
                .param("at", utc(at))
                .param("reference", reference)
                .param("id", id)
                .update();
    }

    public void recordSettled(String id, SettlementState state, Instant at) {
        jdbc.sql("""
                update loan set settlement_state = :state, status = 'SETTLED', settled_at = coalesce(settled_at, :at),
                    updated_at = :at where id = :id""")
                .param("state", state.name())
                .param("at", utc(at))
                .param("id", id)
                .update();
    }

    public void recordCertificate(String id, String number, String ledgerHash, Instant at) {
        jdbc.sql("""
                update loan set certificate_number = :number, certificate_ledger_hash = :hash,
                    certificate_issued_at = :at, updated_at = :at where id = :id""")
                .param("number", number)
                .param("hash", ledgerHash)
                .param("at", utc(at))
                .param("id", id)
                .update();
    }

    /** The loan's settlement certificate; empty while none has been issued (or the loan does not exist). */
    public Optional<Loan.Certificate> certificate(String id) {
        return jdbc.sql("""
                select certificate_number, certificate_issued_at, certificate_ledger_hash from loan
                where id = :id and certificate_number is not null""")
                .param("id", id)
                .query((rs, n) -> new Loan.Certificate(rs.getString("certificate_number"),
                        instant(rs, "certificate_issued_at"), rs.getString("certificate_ledger_hash")))
                .optional();
    }

    public void recordLienRelease(String id, String reference, Instant at) {
        jdbc.sql("""
                update loan set lien_release_reference = :reference, lien_released_at = :at, updated_at = :at
                where id = :id""")
                .param("reference", reference)
                .param("at", utc(at))
                .param("id", id)
                .update();
    }

    /**
     * A reversal reopened the loan: repayable again, no longer settled (the lifecycle decides the new state). Its
     * settlement certificate is revoked, into {@code revoked_certificate}: bound to a ledger that has since grown a
     * REVERSAL line, it would otherwise be refused as tampered with; a re-settled loan gets a new one.
     */
    public void reopen(String id, LoanStatus status, Instant at, String reason) {
        jdbc.sql("""
                insert into revoked_certificate (loan_id, certificate_number, ledger_hash, issued_at, revoked_at, reason)
                select id, certificate_number, certificate_ledger_hash, certificate_issued_at, :at, :reason
                from loan where id = :id and certificate_number is not null""")
                .param("at", utc(at))
                .param("reason", reason)
                .param("id", id)
                .update();
        jdbc.sql("""
                update loan set status = :status, settled_at = null, certificate_number = null,
                    certificate_ledger_hash = null, certificate_issued_at = null, updated_at = :at
                where id = :id""")
                .param("status", status.name())
                .param("at", utc(at))
                .param("id", id)
                .update();
    }

    public void recordClosed(String id, Instant at) {
        jdbc.sql("update loan set status = 'CLOSED', closed_at = :at, updated_at = :at where id = :id")
                .param("at", utc(at))
                .param("id", id)
                .update();
    }

    public void setOverpaid(String id, BigDecimal overpaid) {
        update(id, "overpaid_amount = :value", overpaid);
    }

    public void insertSchedule(String loanId, List<ScheduledInstalment> schedule) {
        for (ScheduledInstalment instalment : schedule) {
            jdbc.sql("""
                    insert into instalment (loan_id, number, due_date, principal, scheduled_interest, interest)
                    values (:loanId, :number, :dueDate, :principal, :interest, :interest)""")
                    .param("loanId", loanId)
                    .param("number", instalment.number())
                    .param("dueDate", instalment.dueDate())
                    .param("principal", instalment.principal())
                    .param("interest", instalment.interest())
                    .update();
        }
    }

    public List<Instalment> instalments(String loanId) {
        return jdbc.sql("select * from instalment where loan_id = :loanId order by number")
                .param("loanId", loanId)
                .query((rs, n) -> new Instalment(rs.getInt("number"), rs.getObject("due_date", LocalDate.class),
                        rs.getBigDecimal("principal"), rs.getBigDecimal("scheduled_interest"),
                        rs.getBigDecimal("interest"), rs.getBigDecimal("fees"),
                        rs.getBigDecimal("penalties"), rs.getBigDecimal("principal_paid"),
                        rs.getBigDecimal("interest_paid"), rs.getBigDecimal("fees_paid"),
                        rs.getBigDecimal("penalties_paid"), rs.getObject("penalty_accrued_to", LocalDate.class),
                        instant(rs, "reminder_sent_at"), instant(rs, "overdue_since")))
                .list();
    }

    /** Writes back what an allocation, accrual or milestone changed. */
    public void save(String loanId, LoanAccount account) {
        for (Instalment i : account.instalments()) {
            jdbc.sql("""
                    update instalment set interest = :interest, fees = :fees, penalties = :penalties,
                        principal_paid = :principalPaid, interest_paid = :interestPaid, fees_paid = :feesPaid,
                        penalties_paid = :penaltiesPaid, penalty_accrued_to = :accruedTo,
                        reminder_sent_at = :reminderSentAt, overdue_since = :overdueSince
                    where loan_id = :loanId and number = :number""")
                    .param("interest", i.interest())
                    .param("fees", i.fees())
                    .param("penalties", i.penalties())
                    .param("principalPaid", i.principalPaid())
                    .param("interestPaid", i.interestPaid())
                    .param("feesPaid", i.feesPaid())
                    .param("penaltiesPaid", i.penaltiesPaid())
                    .param("accruedTo", i.penaltyAccruedTo())
                    .param("reminderSentAt", utc(i.reminderSentAt()))
                    .param("overdueSince", utc(i.overdueSince()))
                    .param("loanId", loanId)
                    .param("number", i.number())
                    .update();
        }
        setOverpaid(loanId, account.overpaid());
    }

    private void update(String id, String assignment, Object value) {
        jdbc.sql("update loan set " + assignment + " where id = :id").param("value", value).param("id", id).update();
    }

    private static Loan loan(ResultSet rs, int row) throws SQLException {
        Integer score = (Integer) rs.getObject("credit_score", Integer.class);
        Loan.CreditReport report = score == null ? null : new Loan.CreditReport(score, rs.getString("credit_record"),
                rs.getBigDecimal("verified_monthly_income"), rs.getBoolean("vehicle_ownership_verified"),
                instant(rs, "credit_checked_at"));
        return new Loan(
                rs.getString("id"),
                rs.getString("borrower_id"),
                LoanStatus.valueOf(rs.getString("status")),
                SettlementState.valueOf(rs.getString("settlement_state")),
                new Loan.Vehicle(rs.getString("vehicle_vin"), rs.getString("vehicle_make"),
                        rs.getString("vehicle_model"), rs.getBigDecimal("vehicle_price")),
                rs.getBigDecimal("principal"),
                rs.getInt("term_months"),
                rs.getBigDecimal("annual_rate"),
                RepaymentMethod.valueOf(rs.getString("repayment_method")),
                rs.getBigDecimal("declared_monthly_income"),
                rs.getBigDecimal("early_repayment_fee_rate"),
                rs.getBigDecimal("penalty_daily_rate"),
                report,
                rs.getString("risk_decision"),
                rs.getString("risk_reason"),
                instant(rs, "contract_signed_at"),
                instant(rs, "disbursed_at"),
                rs.getString("disbursement_reference"),
                rs.getBigDecimal("overpaid_amount"),
                instant(rs, "settled_at"),
                rs.getString("certificate_number"),
                rs.getString("lien_release_reference"),
                instant(rs, "closed_at"),
                rs.getString("process_instance_id"),
                instant(rs, "created_at"));
    }
}
