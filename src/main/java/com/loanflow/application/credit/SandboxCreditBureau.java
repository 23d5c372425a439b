package com.loanflow.application.credit;

import com.loanflow.borrower.PrcIdNumbers;
import com.loanflow.sandbox.ConditionalOnSandbox;
import com.loanflow.sandbox.SandboxSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The sandbox credit bureau. Like a payment provider's test cards, the identity number's sequence code (characters
 * 15–17) chooses the answer: 001 poor record, 002 income far below declared, 003 vehicle ownership in doubt,
 * 004 unavailable for the first calls of each application, anything else a good record.
 */
@Component
@ConditionalOnSandbox
class SandboxCreditBureau implements CreditBureau {

    private static final BigDecimal INCOME_MISMATCH_FACTOR = new BigDecimal("0.40");

    private final int failuresBeforeSuccess;
    private final Map<String, Integer> callsPerApplication = new ConcurrentHashMap<>();

    SandboxCreditBureau(SandboxSettings settings) {
        this.failuresBeforeSuccess = settings.bureauFailuresBeforeSuccess();
    }

    @Override
    public CreditReport report(CreditInquiry inquiry) {
        BigDecimal declared = inquiry.declaredMonthlyIncome();
        return switch (PrcIdNumbers.sequenceCode(inquiry.idNumber())) {
            case "001" -> new CreditReport(480, CreditReport.CreditRecord.POOR, declared, true);
            case "002" -> new CreditReport(700, CreditReport.CreditRecord.GOOD,
                    declared.multiply(INCOME_MISMATCH_FACTOR).setScale(2, RoundingMode.HALF_UP), true);
            case "003" -> new CreditReport(700, CreditReport.CreditRecord.GOOD, declared, false);
            case "004" -> {
                int call = callsPerApplication.merge(inquiry.loanId(), 1, Integer::sum);
                if (call <= failuresBeforeSuccess) {
                    throw new CreditBureauUnavailableException("Sandbox credit bureau unavailable (HTTP 503), call "
                            + call + " of " + failuresBeforeSuccess + " that fail for application " + inquiry.loanId());
                }
                yield new CreditReport(720, CreditReport.CreditRecord.GOOD, declared, true);
            }
            default -> new CreditReport(720, CreditReport.CreditRecord.GOOD, declared, true);
        };
    }
}
