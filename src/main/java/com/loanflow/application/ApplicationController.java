package com.loanflow.application;

import com.loanflow.loan.LoanViews;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.OffsetDateTime;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ApplicationController {

    private final ApplicationService applications;
    private final LoanViews views;

    ApplicationController(ApplicationService applications, LoanViews views) {
        this.applications = applications;
        this.views = views;
    }

    record ContractSignature(@NotNull OffsetDateTime signedAt) {
    }

    @PostMapping("/api/applications")
    ResponseEntity<LoanViews.LoanView> apply(@Valid @RequestBody ApplicationRequest request) {
        String loanId = applications.submit(request);
        return ResponseEntity.created(URI.create("/api/loans/" + loanId)).body(views.view(loanId));
    }

    @PostMapping("/api/loans/{loanId}/contract-signature")
    ResponseEntity<Void> signContract(@PathVariable String loanId, @Valid @RequestBody ContractSignature signature) {
        applications.signContract(loanId, signature.signedAt().toInstant());
        return ResponseEntity.accepted().build();
    }
}
