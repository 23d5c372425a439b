package com.loanflow.monitoring;

import com.loanflow.notice.AttemptOutcomeRecorded;
import com.loanflow.notice.AttemptStatus;
import com.loanflow.notice.channel.ProviderActivity;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Each provider's answers to this node's send calls, for its health: a provider that took a message, or refused an
 * address for good, works; one that failed temporarily (5xx, timeout, refused our credentials) may not. Receipts
 * are left out: they speak of the borrower's handset or mailbox, not of the provider.
 */
@Component
class ProviderActivities {

    /** An attempt whose channel has no provider at all. */
    private static final String NO_PROVIDER = "none";

    private final Map<String, ProviderActivity> byProvider = new ConcurrentHashMap<>();

    @TransactionalEventListener(fallbackExecution = true)
    void outcomeRecorded(AttemptOutcomeRecorded outcome) {
        if (outcome.stage() != AttemptOutcomeRecorded.Stage.SEND || NO_PROVIDER.equals(outcome.provider())) {
            return;
        }
        ProviderActivity activity = byProvider.computeIfAbsent(outcome.provider(), name -> new ProviderActivity());
        if (outcome.status() == AttemptStatus.TEMPORARY_FAILURE) {
            activity.failed(outcome.detail());
        } else {
            activity.succeeded();
        }
    }

    ProviderActivity.Snapshot of(String provider) {
        ProviderActivity activity = byProvider.get(provider);
        return activity == null ? new ProviderActivity().snapshot() : activity.snapshot();
    }
}
