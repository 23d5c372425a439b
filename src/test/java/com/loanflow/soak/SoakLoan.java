package com.loanflow.soak;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One borrower and their loan in the soak, with the script drawn for it from the seed: whether the bureau turns the
 * applicant down, which channels they prefer, whether they pay off (exactly or too much), whether a payment bounces
 * before or after the payoff, and whether they change their contact details.
 */
final class SoakLoan {

    enum Payoff { NONE, EXACT, OVERPAID }

    final int index;
    final Random random;
    final boolean rejected;
    final boolean withWechat;
    final boolean withPush;
    final List<String> preferredChannels = new ArrayList<>();
    final boolean partPaymentAlongside;
    final boolean reversalBeforePayoff;
    final Payoff payoff;
    final boolean reversalAfterPayoff;
    final boolean changesContacts;

    volatile String loanId;
    volatile String phone;
    volatile String email;
    volatile String wechatOpenId;
    volatile String pushToken;
    volatile String partPaymentTransaction;
    volatile String payoffTransaction;
    /** Engine times at which a payment paid the loan off (a reversal can reopen it, a new payoff settle it again). */
    final List<Instant> payoffs = new CopyOnWriteArrayList<>();
    /** Whether the loan's last state, as the script left it, is paid off. */
    volatile boolean paidOff;
    volatile boolean done;
    volatile int contactChanges;

    SoakLoan(int index, long seed) {
        this.index = index;
        this.random = new Random(seed * 7919 + index);
        this.rejected = random.nextInt(100) < 8;
        this.withWechat = random.nextInt(100) < 70;
        this.withPush = random.nextInt(100) < 60;
        List<String> channels = new ArrayList<>(List.of("SMS", "EMAIL", "IN_APP"));
        if (withWechat) {
            channels.add("WECHAT");
        }
        if (withPush) {
            channels.add("PUSH");
        }
        java.util.Collections.shuffle(channels, random);
        preferredChannels.addAll(channels.subList(0, 1 + random.nextInt(2)));
        this.partPaymentAlongside = random.nextInt(100) < 60;
        this.reversalBeforePayoff = partPaymentAlongside && random.nextInt(100) < 25;
        int payoffRoll = random.nextInt(100);
        this.payoff = payoffRoll < 20 ? Payoff.NONE : payoffRoll < 42 ? Payoff.OVERPAID : Payoff.EXACT;
        this.reversalAfterPayoff = payoff != Payoff.NONE && random.nextInt(100) < 15;
        this.changesContacts = random.nextInt(100) < 20;
        String tag = Integer.toString(index, 36) + Long.toString(Math.abs(seed % 1_000_000), 36);
        this.phone = phone(index, 0);
        this.email = "borrower" + index + "-" + tag + "@mail.example";
        this.wechatOpenId = withWechat ? "o6_soak" + tag : null;
        this.pushToken = withPush ? "soakdevice" + tag : null;
    }

    /** Unique mainland numbers: the loan's index and how many times the number changed. */
    static String phone(int index, int change) {
        return "+86139" + String.format("%08d", 10_000_000 + index * 97 + change * 9_000_001 % 89_999_999);
    }

    String label() {
        return "loan#" + index + (loanId == null ? "" : " " + loanId);
    }
}
