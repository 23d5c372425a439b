package com.loanflow.common;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The loan, notice and attempt a log line is about, in the MDC under {@value #LOAN_ID}, {@value #NOTICE_ID} and
 * {@value #ATTEMPT_ID}, so that support can follow one loan or notice through every node's logs (with structured
 * logging they are fields of each JSON line). The engine adds {@code processInstanceId} and {@code activityId} to
 * the MDC itself while it runs a command.
 */
public final class LogContext {

    public static final String LOAN_ID = "loanId";
    public static final String NOTICE_ID = "noticeId";
    public static final String ATTEMPT_ID = "attemptId";

    private LogContext() {
    }

    /**
     * Puts the given ids (null ones are left as they are) until the scope is closed, which restores the values from
     * before: a nested scope, say a delegate inside an HTTP request, hands the outer one back intact.
     */
    public static Scope open(String loanId, String noticeId, String attemptId) {
        Map<String, String> previous = new LinkedHashMap<>();
        put(previous, LOAN_ID, loanId);
        put(previous, NOTICE_ID, noticeId);
        put(previous, ATTEMPT_ID, attemptId);
        return new Scope(previous);
    }

    private static void put(Map<String, String> previous, String key, String value) {
        if (value != null && !value.isBlank()) {
            previous.put(key, MDC.get(key));
            MDC.put(key, value);
        }
    }

    /** Restores the MDC entries a {@link #open} replaced. */
    public static final class Scope implements AutoCloseable {

        private final Map<String, String> previous;

        private Scope(Map<String, String> previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            previous.forEach((key, value) -> {
                if (value == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, value);
                }
            });
        }
    }
}
