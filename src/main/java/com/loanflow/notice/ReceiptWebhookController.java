package com.loanflow.notice;

import com.loanflow.notice.channel.ProviderReceipt;
import com.loanflow.notice.channel.ReceiptWebhook;
import com.loanflow.notice.channel.WebhookRequest;
import com.loanflow.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/webhooks/{provider}/receipts}: delivery receipts in each provider's own format, authenticated by
 * that provider's signature (no LoanFlow login). 204 when applied or already applied; providers that expect a
 * specific answer (WeChat's {@code success}, Aliyun's JSON) get it with 200.
 */
@RestController
class ReceiptWebhookController {

    private final Map<String, ReceiptWebhook> webhooks;
    private final ReceiptService receipts;
    private final NoticeSettings settings;

    ReceiptWebhookController(List<ReceiptWebhook> webhooks, ReceiptService receipts, NoticeSettings settings) {
        this.webhooks = webhooks.stream().collect(Collectors.toMap(ReceiptWebhook::provider, Function.identity()));
        this.receipts = receipts;
        this.settings = settings;
    }

    @PostMapping("/api/webhooks/{provider}/receipts")
    ResponseEntity<String> receive(@PathVariable String provider, HttpServletRequest http) throws IOException {
        ReceiptWebhook webhook = webhooks.get(provider);
        if (webhook == null) {
            throw ApiException.notFound("Receipt provider", provider);
        }
        WebhookRequest request = request(http);
        if (!webhook.authentic(request)) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "bad-signature",
                    "The request does not carry a valid " + provider + " signature");
        }
        List<ProviderReceipt> parsed;
        try {
            parsed = webhook.receipts(request);
        } catch (IllegalArgumentException malformed) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed-receipt", malformed.getMessage());
        }
        boolean unknown = false;
        for (ProviderReceipt receipt : parsed) {
            unknown |= receipts.apply(receipt) == ReceiptService.Result.UNKNOWN_MESSAGE;
        }
        if (unknown) {
            throw ApiException.notFound("Message of " + provider, "named in the receipt");
        }
        String acknowledgement = webhook.acknowledgement();
        if (acknowledgement.isEmpty()) {
            return ResponseEntity.noContent().build();
        }
        MediaType type = acknowledgement.startsWith("{") ? MediaType.APPLICATION_JSON : MediaType.TEXT_PLAIN;
        return ResponseEntity.ok().contentType(type).body(acknowledgement);
    }

    /** The request as the provider sent it; its URL is the public one the provider called and signed. */
    private WebhookRequest request(HttpServletRequest http) throws IOException {
        // Form parameters first: for form posts the container reads them from the body.
        Map<String, List<String>> parameters = http.getParameterMap().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()), (a, b) -> a, LinkedHashMap::new));
        byte[] body = http.getInputStream().readAllBytes();
        Map<String, String> headers = Collections.list(http.getHeaderNames()).stream()
                .collect(Collectors.toMap(Function.identity(), http::getHeader, (a, b) -> a, LinkedHashMap::new));
        String base = settings.webhookBaseUrl().replaceAll("/+$", "");
        String url = base + http.getRequestURI() + (http.getQueryString() == null ? "" : "?" + http.getQueryString());
        return new WebhookRequest(url, headers, parameters, body, http.getContentType());
    }
}
