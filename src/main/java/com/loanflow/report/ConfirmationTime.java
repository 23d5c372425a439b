package com.loanflow.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How long the notices of one event took from being raised to being confirmed (a delivery receipt, the borrower's
 * read acknowledgement where the event requires one, or a staff member who reached the borrower): median and 95th
 * percentile over the notices raised in the range that are confirmed by now. {@code raised} counts them all.
 */
record ConfirmationTime(String event, int raised, int confirmed, Long medianSeconds, Long p95Seconds) {

    record RaisedNotice(String event, Instant createdAt, Instant confirmedAt) {
    }

    /** One entry per event that has notices, by event name. */
    static List<ConfirmationTime> byEvent(List<RaisedNotice> notices) {
        Map<String, List<RaisedNotice>> byEvent = notices.stream()
                .collect(Collectors.groupingBy(RaisedNotice::event, TreeMap::new, Collectors.toList()));
        return byEvent.entrySet().stream().map(e -> of(e.getKey(), e.getValue())).toList();
    }

    private static ConfirmationTime of(String event, List<RaisedNotice> notices) {
        DurationSummary times = DurationSummary.of(notices.stream()
                .filter(n -> n.confirmedAt() != null)
                .map(n -> Duration.between(n.createdAt(), n.confirmedAt()))
                .toList());
        return new ConfirmationTime(event, notices.size(), times.count(), times.medianSeconds(), times.p95Seconds());
    }
}
