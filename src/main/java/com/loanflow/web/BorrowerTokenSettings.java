package com.loanflow.web;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Borrower tokens ({@code loanflow.borrower-token.*}).
 *
 * @param secret         the HMAC-SHA256 key, at least 32 bytes ({@code LOANFLOW_BORROWER_TOKEN_SECRET}); unset, a
 *                       random key is made at each start, which only a single development node can live with
 * @param lifetime       how long a token, and a link carrying it, stays valid
 * @param secretRequired refuse to start without {@code secret} (the {@code postgres} profile: production, clusters)
 */
@Validated
@ConfigurationProperties("loanflow.borrower-token")
public record BorrowerTokenSettings(
        String secret,
        @NotNull @DefaultValue("PT30M") Duration lifetime,
        @DefaultValue("false") boolean secretRequired) {

    /** Keeps the key out of logs and failure reports. */
    @Override
    public String toString() {
        return "BorrowerTokenSettings[secret=" + (secret == null || secret.isBlank() ? "<unset>" : "<hidden>")
                + ", lifetime=" + lifetime + ", secretRequired=" + secretRequired + "]";
    }
}
