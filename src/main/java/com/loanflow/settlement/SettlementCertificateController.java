package com.loanflow.settlement;

import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

@RestController
class SettlementCertificateController {

    private final SettlementCertificates certificates;
    private final SettlementCertificateRenderer renderer;

    SettlementCertificateController(SettlementCertificates certificates, SettlementCertificateRenderer renderer) {
        this.certificates = certificates;
        this.renderer = renderer;
    }

    // No "produces": a client asking only for application/pdf must still get the 404/409 problem document.
    @GetMapping("/api/loans/{loanId}/settlement-certificate")
    ResponseEntity<byte[]> certificate(@PathVariable String loanId) {
        SettlementCertificate certificate = certificates.of(loanId);
        byte[] pdf = renderer.render(certificate);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(certificate.loanId()))
                // It carries the borrower's name and masked identity number: no shared cache keeps a copy.
                .cacheControl(CacheControl.noStore())
                .body(pdf);
    }

    /**
     * An ASCII {@code filename} for old clients and the Chinese name as RFC 5987 {@code filename*}, which browsers
     * prefer. Spring's {@code ContentDisposition} would put an RFC 2047 encoded word in {@code filename} instead.
     * Loan ids are letters, digits and a hyphen, so the ASCII name needs no quoting.
     */
    private static String attachment(String loanId) {
        return "attachment; filename=\"settlement-certificate-" + loanId + ".pdf\"; filename*=UTF-8''"
                + UriUtils.encode("结清证明-" + loanId + ".pdf", StandardCharsets.UTF_8);
    }
}
