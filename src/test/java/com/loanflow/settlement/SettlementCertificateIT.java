package com.loanflow.settlement;

import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.Pdfs;
import com.loanflow.support.PostgresIntegrationTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.http.HttpHeaders;

/**
 * The settlement certificate download: what a borrower's app receives, and that a repayment ledger edited behind
 * LoanFlow's back (straight in the database) no longer yields a clean certificate.
 */
class SettlementCertificateIT extends PostgresIntegrationTest {

    @Autowired
    PlatformTransactionManager transactionManager;


    private static final ObjectMapper JSON = new ObjectMapper();

    private LoanSteps steps() {
        return new LoanSteps(api);
    }

    @Test
    void givenPaidOffLoan_whenCertificateDownloaded_thenPdfAttachmentWithBothFileNamesAndNoCaching() {
        String loanId = paidOffLoan();

        ApiClient.BinaryResponse certificate = steps().awaitSettlementCertificate(loanId);

        assertThat(certificate.contentType()).isEqualTo("application/pdf");
        assertThat(certificate.headers().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .startsWith("attachment;")
                .contains("filename=\"settlement-certificate-" + loanId + ".pdf\"")
                .contains("filename*=UTF-8''%E7%BB%93%E6%B8%85%E8%AF%81%E6%98%8E-" + loanId + ".pdf");
        assertThat(certificate.headers().getContentDisposition().getFilename()).isEqualTo("结清证明-" + loanId + ".pdf");
        assertThat(certificate.headers().getCacheControl()).contains("no-store");
        String number = jdbc.sql("select certificate_number from loan where id = :id").param("id", loanId)
                .query(String.class).single();
        String hash = ledger(loanId).get("finalHash").asText();
        assertThat(Pdfs.text(certificate.body())).contains(number, VerificationCode.of(number, hash), hash);
    }

    @Test
    void givenPaidOffLoan_whenPastLedgerEntryEditedInDatabase_thenCertificateRefusedAsTampered() throws IOException {
        String loanId = paidOffLoan();
        steps().awaitSettlementCertificate(loanId);

        // LoanFlow's own connection cannot edit the ledger at all (PostgreSQL refuses the update)...
        assertThatThrownBy(() -> jdbc.sql("update ledger_entry set amount = amount + 1 where loan_id = :loanId")
                .param("loanId", loanId).update())
                .hasMessageContaining("append-only");
        // ...so the edit is made as a database superuser would, with the guard triggers switched off.
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            jdbc.sql("set local session_replication_role = replica").update();
            jdbc.sql("update ledger_entry set amount = amount + 1 where loan_id = :loanId and sequence = 1")
                    .param("loanId", loanId)
                    .update();
        });

        ApiClient.BinaryResponse refused = certificate(loanId);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:loanflow:problem:ledger-tampered");
        assertThat(problem.get("status").asInt()).isEqualTo(409);
        assertThat(problem.get("detail").asText()).contains(loanId, "entry 1");
        JsonNode ledger = ledger(loanId);
        assertThat(ledger.get("valid").asBoolean()).isFalse();
        assertThat(ledger.get("brokenAtSequence").asInt()).isEqualTo(1);
    }

    @Test
    void givenLedgerRewrittenConsistently_whenCertificateRequested_thenRefusedBecauseItNoLongerEndsAtTheIssuedHash()
            throws IOException {
        String loanId = paidOffLoan();
        steps().awaitSettlementCertificate(loanId);

        // Stands in for a forger who recomputed every hash: the chain verifies, but not to what was certified.
        jdbc.sql("update loan set certificate_ledger_hash = :hash where id = :id")
                .param("hash", "0".repeat(64))
                .param("id", loanId)
                .update();

        ApiClient.BinaryResponse refused = certificate(loanId);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(JSON.readTree(refused.body()).get("type").asText()).isEqualTo("urn:loanflow:problem:ledger-tampered");
        assertThat(ledger(loanId).get("valid").asBoolean()).isTrue();
    }

    @Test
    void givenPayoffReversedAndPaidAgain_whenCertificateDownloaded_thenItAddsUpOnlyTheRepaymentsThatStand() {
        String loanId = steps().activeLoan();
        String bounced = payOff(loanId).get("transactionId").asText();
        steps().awaitSettlementCertificate(loanId);
        reverse(loanId, bounced);
        steps().awaitStatus(loanId, "ACTIVE");

        JsonNode paidAgain = payOff(loanId);
        steps().awaitStatus(loanId, "SETTLED");

        String text = Pdfs.text(awaitCertificateOn(loanId, ledger(loanId).get("finalHash").asText()).body());
        JsonNode allocation = paidAgain.get("allocation");
        assertThat(text).as("principal repaid: the loan's, once")
                .contains("CNY " + money(allocation.get("principal").decimalValue()))
                .doesNotContain(money(allocation.get("principal").decimalValue().multiply(new BigDecimal(2))));
        assertThat(text).as("total repaid: the payment that stands").contains(money(paidAgain.get("amount")
                .decimalValue()));
    }

    @Test
    void givenSettledLoanReopenedByAReversal_whenSettledAgain_thenItsCertificateIsNeverCalledTamperedAndIsIssuedAnew()
            throws IOException {
        String loanId = steps().activeLoan();
        String bounced = payOff(loanId).get("transactionId").asText();
        String firstHash = ledger(loanId).get("finalHash").asText();
        steps().awaitSettlementCertificate(loanId);

        reverse(loanId, bounced);

        ApiClient.BinaryResponse reopened = certificate(loanId);
        assertThat(reopened.status()).isEqualTo(409);
        assertThat(JSON.readTree(reopened.body()).get("type").asText()).as("reopened, not tampered with")
                .isEqualTo("urn:loanflow:problem:not-settled");

        payOff(loanId);
        String finalHash = ledger(loanId).get("finalHash").asText();
        List<String> refusals = new ArrayList<>();
        await().atMost(LoanSteps.PATIENCE).until(() -> {
            ApiClient.BinaryResponse answer = certificate(loanId);
            if (answer.status() != 200) {
                refusals.add(JSON.readTree(answer.body()).get("type").asText());
            }
            return answer.status() == 200;
        });
        assertThat(refusals).as("until the new certificate is issued the loan is not settled, its ledger intact")
                .allMatch("urn:loanflow:problem:not-settled"::equals);
        String text = Pdfs.text(certificate(loanId).body());
        assertThat(text).contains(finalHash).doesNotContain(firstHash);
        assertThat(ledger(loanId).get("valid").asBoolean()).isTrue();
    }

    @Test
    void givenUnknownLoan_whenCertificateRequested_thenNotFoundProblem() throws IOException {
        ApiClient.BinaryResponse missing = certificate("LN-DOESNOTEXIST");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo("application/problem+json");
        assertThat(JSON.readTree(missing.body()).get("type").asText()).isEqualTo("urn:loanflow:problem:not-found");
    }

    private String paidOffLoan() {
        String loanId = steps().activeLoan();
        payOff(loanId);
        return loanId;
    }

    private JsonNode payOff(String loanId) {
        JsonNode quote = api.get("/api/loans/" + loanId + "/payoff-quote", INTEGRATOR, PASSWORD).json();
        return steps().repay(loanId, quote.get("total").decimalValue()).json();
    }

    /** The repayment system reports the transfer bounced. */
    private void reverse(String loanId, String transactionId) {
        ApiClient.Response reversed = api.post("/api/loans/" + loanId + "/repayments/" + transactionId + "/reversal",
                Map.of("reversedAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(1).toString(),
                        "reason", "R01 付款账户余额不足"), INTEGRATOR, PASSWORD);
        assertThat(reversed.status()).as(reversed.text()).isEqualTo(200);
    }

    /** Waits for the certificate issued on the ledger ending at {@code finalHash}. */
    private ApiClient.BinaryResponse awaitCertificateOn(String loanId, String finalHash) {
        List<ApiClient.BinaryResponse> answer = new ArrayList<>();
        await().atMost(LoanSteps.PATIENCE).untilAsserted(() -> {
            answer.clear();
            answer.add(certificate(loanId));
            assertThat(answer.get(0).status()).as(answer.get(0).text()).isEqualTo(200);
            assertThat(Pdfs.text(answer.get(0).body())).contains(finalHash);
        });
        return answer.get(0);
    }

    /** As the certificate prints amounts. */
    private static String money(BigDecimal amount) {
        return String.format(Locale.ROOT, "%,.2f", amount);
    }

    private ApiClient.BinaryResponse certificate(String loanId) {
        return api.getBytes("/api/loans/" + loanId + "/settlement-certificate", INTEGRATOR, PASSWORD);
    }

    private JsonNode ledger(String loanId) {
        ApiClient.Response response = api.get("/api/loans/" + loanId + "/ledger", INTEGRATOR, PASSWORD);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }
}
