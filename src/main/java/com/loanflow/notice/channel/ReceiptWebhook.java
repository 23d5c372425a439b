package com.loanflow.notice.channel;

import java.util.List;

/**
 * The receipt webhook of one provider: {@code POST /api/webhooks/{provider}/receipts}, in that provider's own
 * format and authenticated by that provider's own signature.
 */
public interface ReceiptWebhook {

    /** The {provider} path segment. */
    String provider();

    /** Whether the request carries a valid signature of this provider; an unsigned or forged call gets 401. */
    boolean authentic(WebhookRequest request);

    /**
     * The receipts in the request (a provider may batch several).
     *
     * @throws IllegalArgumentException when the body is not in the provider's format (answered with 400)
     */
    List<ProviderReceipt> receipts(WebhookRequest request);

    /** The body the provider expects back on success (WeChat wants {@code success}); empty for 204. */
    default String acknowledgement() {
        return "";
    }
}
