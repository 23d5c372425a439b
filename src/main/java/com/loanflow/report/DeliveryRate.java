package com.loanflow.report;

import com.loanflow.notice.AttemptStatus;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Delivery rate of one channel, or of one provider on a channel (then {@code provider} is set): delivered attempts ÷
 * attempts with a final outcome (delivered, temporary or permanent failure, no receipt within the confirmation
 * timeout). Attempts still waiting for their receipt are counted apart and stay out of the rate. Every try is its
 * own attempt, so a message delivered on its third try counts two failures and one delivery.
 */
record DeliveryRate(String channel, String provider, long attempts, long delivered, long temporaryFailures,
                    long permanentFailures, long noReceipt, long awaitingReceipt, BigDecimal rate) {

    /** How many attempts of the range ended in one status, per channel and provider. */
    record AttemptCount(String channel, String provider, AttemptStatus status, long attempts) {
    }

    static List<DeliveryRate> byChannel(List<AttemptCount> counts) {
        return grouped(counts, c -> List.of(c.channel()));
    }

    static List<DeliveryRate> byProvider(List<AttemptCount> counts) {
        return grouped(counts, c -> List.of(c.channel(), c.provider()));
    }

    private static List<DeliveryRate> grouped(List<AttemptCount> counts, Function<AttemptCount, List<String>> key) {
        Map<String, List<AttemptCount>> groups = counts.stream()
                .collect(Collectors.groupingBy(c -> String.join("/", key.apply(c)), TreeMap::new, Collectors.toList()));
        return groups.values().stream().map(group -> {
            List<String> names = key.apply(group.get(0));
            return of(names.get(0), names.size() > 1 ? names.get(1) : null, group);
        }).toList();
    }

    private static DeliveryRate of(String channel, String provider, List<AttemptCount> counts) {
        long delivered = sum(counts, AttemptStatus.DELIVERED);
        long temporary = sum(counts, AttemptStatus.TEMPORARY_FAILURE);
        long permanent = sum(counts, AttemptStatus.PERMANENT_FAILURE);
        long noReceipt = sum(counts, AttemptStatus.NO_RECEIPT);
        long awaiting = sum(counts, AttemptStatus.QUEUED) + sum(counts, AttemptStatus.SENDING)
                + sum(counts, AttemptStatus.SENT) + sum(counts, AttemptStatus.UNKNOWN);
        return new DeliveryRate(channel, provider, delivered + temporary + permanent + noReceipt + awaiting, delivered,
                temporary, permanent, noReceipt, awaiting, Ratio.of(delivered, delivered + temporary + permanent + noReceipt));
    }

    private static long sum(List<AttemptCount> counts, AttemptStatus status) {
        return counts.stream().filter(c -> c.status() == status).mapToLong(AttemptCount::attempts).sum();
    }
}
