package com.loanflow.soak;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the outside world does to LoanFlow, drawn from the soak's seed: how each provider answers each send, what
 * becomes of the receipts of the messages it took, and a count of every fault injected by kind for the report.
 * Each provider draws from its own sequence, so the n-th send to Aliyun meets the same fate in every replay of a
 * seed (which notice that is depends on thread timing, as in production).
 */
final class FaultPlan {

    /** How a provider answers one send. */
    enum SendFault {
        /** Taken, answered at once. */
        NONE(true),
        /** Taken, answered after up to 1 s (inside the read timeout). */
        SLOW_ANSWER(true),
        /** Not taken: a 5xx with the provider's error body, a definite failure. */
        SERVER_ERROR(false),
        /** Not taken: the connection is reset before any answer; LoanFlow cannot tell whether it was taken. */
        CONNECTION_RESET(false),
        /** Taken, but the answer comes after the read timeout: the unknown outcome. */
        TIMEOUT_AFTER_ACCEPT(true),
        /** Taken, but the answer is not what the provider documents (a proxy mangled it): unknown outcome too. */
        MALFORMED_ANSWER(true),
        /** Taken, slowly; while LoanFlow waits for the answer the borrower changes their contact details. */
        CONTACT_CHANGE_MID_SEND(true);

        final boolean taken;

        SendFault(boolean taken) {
            this.taken = taken;
        }
    }

    /** What happens after a provider took a message. */
    enum ReceiptFate {
        DELIVERED,
        /** Delivered, and the receipt is posted while the send is still waiting for its answer. */
        DELIVERED_BEFORE_SEND_COMMITS,
        /** Delivered, and the provider posts the same receipt twice. */
        DELIVERED_DUPLICATED,
        /** Delivered, but an older temporary-failure report arrives after the delivery report. */
        DELIVERED_REORDERED,
        /** Delivered, and the receipt comes after the confirmation timeout has passed. */
        DELIVERED_AFTER_TIMEOUT,
        /** Not delivered: a temporary failure receipt (handset off). */
        TEMPORARY_FAILURE,
        /** Not delivered: a permanent failure receipt (number out of service, user blocked). */
        PERMANENT_FAILURE,
        /** The message reached the borrower, but no receipt ever comes. */
        SILENT
    }

    private final Map<String, Random> randoms = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> injected = new ConcurrentHashMap<>();
    private final long seed;

    FaultPlan(long seed) {
        this.seed = seed;
    }

    SendFault sendFault(String provider) {
        int roll = roll(provider + ":send", 100);
        SendFault fault = roll < 52 ? SendFault.NONE
                : roll < 62 ? SendFault.SLOW_ANSWER
                : roll < 72 ? SendFault.SERVER_ERROR
                : roll < 79 ? SendFault.CONNECTION_RESET
                : roll < 87 ? SendFault.TIMEOUT_AFTER_ACCEPT
                : roll < 93 ? SendFault.MALFORMED_ANSWER
                : SendFault.CONTACT_CHANGE_MID_SEND;
        if (fault != SendFault.NONE) {
            count("send: " + fault.name().toLowerCase().replace('_', ' '));
        }
        return fault;
    }

    /** The fate of a taken message; push (JPush) and in-app have no receipts at all. */
    ReceiptFate receiptFate(String provider) {
        int roll = roll(provider + ":receipt", 100);
        ReceiptFate fate = roll < 40 ? ReceiptFate.DELIVERED
                : roll < 50 ? ReceiptFate.DELIVERED_BEFORE_SEND_COMMITS
                : roll < 60 ? ReceiptFate.DELIVERED_DUPLICATED
                : roll < 66 ? ReceiptFate.DELIVERED_REORDERED
                : roll < 76 ? ReceiptFate.DELIVERED_AFTER_TIMEOUT
                : roll < 84 ? ReceiptFate.TEMPORARY_FAILURE
                : roll < 88 ? ReceiptFate.PERMANENT_FAILURE
                : ReceiptFate.SILENT;
        if (fate != ReceiptFate.DELIVERED) {
            count("receipt: " + fate.name().toLowerCase().replace('_', ' '));
        }
        return fate;
    }

    /** A uniform draw in [0, bound) from the named sequence. */
    int roll(String sequence, int bound) {
        Random random = randoms.computeIfAbsent(sequence, name -> new Random(seed * 31 + name.hashCode()));
        synchronized (random) {
            return random.nextInt(bound);
        }
    }

    void count(String kind) {
        injected.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** Faults and disturbances injected so far, by kind. */
    Map<String, Long> injected() {
        Map<String, Long> counts = new TreeMap<>();
        injected.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }
}
