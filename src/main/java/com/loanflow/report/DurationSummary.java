package com.loanflow.report;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Median and 95th percentile of a set of durations, in whole seconds, by the nearest-rank method: the p-th
 * percentile of n sorted values is the value at rank ⌈p/100 · n⌉, always one of the measured values (the median of
 * an even count is the lower middle one). Null figures when nothing was measured.
 */
record DurationSummary(int count, Long medianSeconds, Long p95Seconds) {

    static DurationSummary of(Collection<Duration> durations) {
        List<Duration> sorted = durations.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return new DurationSummary(0, null, null);
        }
        return new DurationSummary(sorted.size(), nearestRank(sorted, 50).toSeconds(),
                nearestRank(sorted, 95).toSeconds());
    }

    /** {@code percent} from 1 to 100 of a non-empty, ascending list. */
    static Duration nearestRank(List<Duration> ascending, int percent) {
        int rank = (percent * ascending.size() + 99) / 100;
        return ascending.get(rank - 1);
    }
}
