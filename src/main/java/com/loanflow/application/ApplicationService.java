package com.loanflow.application;

import com.loanflow.borrower.Borrower;
import com.loanflow.borrower.BorrowerRepository;
import com.loanflow.borrower.Channel;
import com.loanflow.borrower.Contact;
import com.loanflow.borrower.ContactStatus;
import com.loanflow.common.Ids;
import com.loanflow.loan.Loan;
import com.loanflow.loan.LoanRepository;
import com.loanflow.loan.LoanStatus;
import com.loanflow.loan.SettlementState;
import com.loanflow.process.EngineRetry;
import com.loanflow.process.LoanLifecycle;
import com.loanflow.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Takes applications in and signatures on contracts. The loan row and the process instance are created in one
 * transaction, so a submitted application always has a process that will acknowledge it (D1).
 */
@Service
public class ApplicationService {

    private static final Logger log = LoggerFactory.getLogger(ApplicationService.class);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final BorrowerRepository borrowers;
    private final LoanRepository loans;
    private final LoanLifecycle lifecycle;
    private final LoanSettings settings;
    private final EngineRetry retry;
    private final Clock clock;

    ApplicationService(BorrowerRepository borrowers, LoanRepository loans, LoanLifecycle lifecycle,
                       LoanSettings settings, EngineRetry retry, Clock clock) {
        this.borrowers = borrowers;
        this.loans = loans;
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.retry = retry;
        this.clock = clock;
    }

    public String submit(ApplicationRequest request) {
        return retry.inTransaction(() -> {
            ApplicationRequest.Applicant applicant = request.applicant();
            loans.findOpenApplication(applicant.idNumber(), request.vehicle().vin()).ifPresent(existing -> {
                throw ApiException.conflict("application-exists", "An application for this applicant and vehicle "
                        + "is already open as loan " + existing);
            });
            Instant now = clock.instant();
            Borrower borrower = new Borrower(Ids.newId("BR"), applicant.name(), applicant.idNumber(),
                    applicant.languageOrDefault(), applicant.preferredChannelsOrDefault(), clock.getZone(), null, null,
                    List.of(), now);
            borrowers.insert(borrower, contacts(applicant, now));
            ApplicationRequest.Terms terms = request.loan();
            ApplicationRequest.Vehicle vehicle = request.vehicle();
            Loan loan = new Loan(Ids.newId("LN"), borrower.id(), LoanStatus.UNDER_REVIEW, SettlementState.NOT_SETTLED,
                    new Loan.Vehicle(vehicle.vin(), vehicle.make(), vehicle.model(), vehicle.price()),
                    terms.principal(), terms.termMonths(), terms.annualRate(), terms.repaymentMethod(),
                    request.declaredMonthlyIncome(), settings.earlyRepaymentFeeRate(), settings.penaltyDailyRate(),
                    null, null, null, null, null, null, null, null, null, null, null, null, now);
            loans.insert(loan);
            loans.setProcessInstance(loan.id(), lifecycle.start(loan.id()));
            log.info("Application received as loan {}", loan.id());
            return loan.id();
        });
    }

    /** Records the signature and releases the disbursement; 409 unless the loan waits for exactly this. */
    public void signContract(String loanId, Instant signedAt) {
        retry.inTransaction(() -> {
            Loan loan = loans.lock(loanId).orElseThrow(() -> ApiException.notFound("Loan", loanId));
            if (loan.status() != LoanStatus.AWAITING_SIGNATURE) {
                throw ApiException.conflict("not-awaiting-signature",
                        "Loan " + loanId + " is " + loan.status() + ", not waiting for a contract signature");
            }
            Instant now = clock.instant();
            if (signedAt.isAfter(now.plus(CLOCK_SKEW))) {
                throw ApiException.invalid("signedAt", "is in the future");
            }
            loans.recordContractSigned(loanId, signedAt, now);
            if (!lifecycle.contractSigned(loan.processInstanceId())) {
                throw ApiException.conflict("not-awaiting-signature",
                        "The process of loan " + loanId + " is not waiting for a contract signature");
            }
            log.info("Contract of loan {} signed at {}", loanId, signedAt);
            return null;
        });
    }

    private static List<Contact> contacts(ApplicationRequest.Applicant applicant, Instant now) {
        List<Contact> contacts = new ArrayList<>();
        contacts.add(new Contact(Channel.SMS, applicant.phone(), ContactStatus.VALID, now));
        if (applicant.email() != null) {
            contacts.add(new Contact(Channel.EMAIL, applicant.email(), ContactStatus.VALID, now));
        }
        if (applicant.wechatOpenId() != null) {
            contacts.add(new Contact(Channel.WECHAT, applicant.wechatOpenId(), ContactStatus.VALID, now));
        }
        if (applicant.pushToken() != null) {
            contacts.add(new Contact(Channel.PUSH, applicant.pushToken(), ContactStatus.VALID, now));
        }
        return contacts;
    }
}
