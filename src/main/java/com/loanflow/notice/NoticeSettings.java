package com.loanflow.notice;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Delivery settings shared by all channels ({@code loanflow.notice.*}). {@code webhookBaseUrl} is LoanFlow's public
 * address as providers reach it: receipt callback URLs are built from it and signed requests are checked against it.
 */
@Validated
@ConfigurationProperties("loanflow.notice")
public record NoticeSettings(
        @NotBlank @DefaultValue("http://localhost:8080") String webhookBaseUrl,
        @NotBlank @DefaultValue("classpath*:templates/notices/") String templates) {
}
