package com.loanflow.soak;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.loanflow.soak.ProviderWorld.Sent;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Invariant (b), from the providers' own logs: WireMock's request journal of each provider and the mails GreenMail
 * received, not LoanFlow's tables. Each send is tied to its notice by the reference LoanFlow put into it (the attempt
 * id: Aliyun's OutId, Twilio's StatusCallback, WeChat's client_msg_id, JPush's extras, the e-mail's
 * X-LoanFlow-Attempt header) and grouped by notice and address. A later send to the same address is a violation
 * unless the earlier one was known to have failed when it went out: the provider answered it with a definite
 * failure, posted a failure receipt LoanFlow took, or (after a connection reset) LoanFlow asked the provider's status
 * API about that address in between. Repeats the provider itself drops (WeChat's client_msg_id, JPush's cid, a
 * mailbox's Message-ID) are not sends. "Duplicates" counts the messages that reached a borrower a second time.
 */
final class DuplicateSends {

    private final ProviderWorld world;
    private final JdbcClient jdbc;
    private int duplicates;
    private int sends;

    DuplicateSends(ProviderWorld world, JdbcClient jdbc) {
        this.world = world;
        this.jdbc = jdbc;
    }

    int duplicates() {
        return duplicates;
    }

    int sends() {
        return sends;
    }

    void check(SoakInvariants.Verdict verdict) {
        String b = "(b) no notice sent twice to one address unless the earlier send was known to have failed";
        verdict.violations.putIfAbsent(b, new ArrayList<>());
        long sandboxed = jdbc.sql("select count(*) from sandbox_message").query(Long.class).single();
        if (sandboxed > 0) {
            verdict.violate(b, "soak error: " + sandboxed + " messages went to the sandbox channel provider, which no"
                    + " provider log sees");
        }
        Map<String, String> noticeOfAttempt = jdbc.sql("select id, notice_id from notice_attempt")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<Sent> journal = new ArrayList<>();
        journal(world.aliyun, r -> r.getBodyAsString().contains("Action=SendSms"), journal, verdict, b);
        journal(world.twilio, r -> r.getMethod().getName().equals("POST"), journal, verdict, b);
        journal(world.wechat, r -> r.getUrl().startsWith("/cgi-bin/message/template/send"), journal, verdict, b);
        journal(world.jpush, r -> r.getMethod().getName().equals("POST") && r.getUrl().equals("/v3/push"), journal,
                verdict, b);
        world.flushMail();
        List<MimeMessage> mails = world.mails();
        for (int i = 0; i < mails.size(); i++) {
            Sent mail = world.sent("mail-" + i);
            if (mail == null) {
                verdict.violate(b, "soak error: mail " + i + " to " + SoakRequests.recipient(mails.get(i))
                        + " has no provider record");
            } else {
                journal.add(mail);
            }
        }
        sends = journal.size();
        Map<String, List<Sent>> byNoticeAndAddress = new java.util.LinkedHashMap<>();
        for (Sent sent : journal) {
            String notice = sent.noticeId() != null && !sent.noticeId().isEmpty() ? sent.noticeId()
                    : noticeOfAttempt.get(sent.attemptId());
            if (notice == null) {
                verdict.violate(b, sent.provider() + " took a message to " + sent.address() + " for attempt "
                        + sent.attemptId() + ", which LoanFlow has no record of (no proof of notice)");
                continue;
            }
            byNoticeAndAddress.computeIfAbsent(notice + " " + sent.address(), k -> new ArrayList<>()).add(sent);
        }
        byNoticeAndAddress.forEach((key, sends) -> check(verdict, b, key, sends));
    }

    private void journal(WireMockServer server, java.util.function.Predicate<LoggedRequest> isSend, List<Sent> into,
                         SoakInvariants.Verdict verdict, String b) {
        for (ServeEvent event : server.getAllServeEvents()) {
            if (!isSend.test(event.getRequest())) {
                continue;
            }
            Sent sent = world.sent(event.getId().toString());
            if (sent == null) {
                verdict.violate(b, "soak error: request " + event.getRequest().getUrl() + " logged by the provider"
                        + " has no record of how it was answered");
            } else if (sent.duplicateOf() == null) {
                into.add(sent);
            }
        }
    }

    private void check(SoakInvariants.Verdict verdict, String b, String key, List<Sent> sends) {
        sends.sort(Comparator.comparing(Sent::receivedAt));
        int reached = 0;
        List<String> messageIds = new ArrayList<>();
        for (int later = 0; later < sends.size(); later++) {
            Sent l = sends.get(later);
            boolean sameMail = l.provider().equals(ProviderWorld.EMAIL) && messageIds.contains(l.messageId());
            if (l.taken() && !sameMail && !failed(l)) {
                reached++;
            }
            messageIds.add(l.messageId());
            if (sameMail) {
                continue;
            }
            for (int earlier = 0; earlier < later; earlier++) {
                Sent e = sends.get(earlier);
                if (!sameIdempotencyKey(e, l) && !knownFailed(e, l.receivedAt())) {
                    verdict.violate(b, "notice " + key.replace(" ", " to ") + ": sent again via " + l.provider()
                            + " at " + l.engineAt() + " (attempt " + l.attemptId() + ") although the send via "
                            + e.provider() + " at " + e.engineAt() + " (attempt " + e.attemptId() + ", "
                            + e.fault().name().toLowerCase() + (e.taken() ? ", taken" + (failed(e) ? " but failed"
                            : " and delivered") : ", not taken") + receipts(e) + ") was not known to have failed");
                    break;
                }
            }
        }
        if (reached > 1) {
            duplicates += reached - 1;
        }
    }

    /**
     * A repeat under the key the provider deduplicates on cannot make a second message, whatever became of the
     * first: WeChat's client_msg_id within its 10 minutes, JPush's cid.
     */
    private static boolean sameIdempotencyKey(Sent earlier, Sent later) {
        if (earlier.dedupeKey() == null || !earlier.dedupeKey().equals(later.dedupeKey())
                || !earlier.provider().equals(later.provider())) {
            return false;
        }
        return switch (earlier.provider()) {
            case ProviderWorld.WECHAT -> earlier.engineAt().plus(ProviderEmulator.WECHAT_DEDUPE_WINDOW)
                    .isAfter(later.engineAt());
            case ProviderWorld.JPUSH -> true;
            default -> false;
        };
    }

    /** Whether LoanFlow could know, before {@code at}, that the send had failed. */
    private boolean knownFailed(Sent send, Instant at) {
        if (send.fault() == FaultPlan.SendFault.SERVER_ERROR) {
            return true;
        }
        boolean failureReceipt = world.receipts().stream().anyMatch(r -> r.sentId().equals(send.id())
                && !r.outcome().equals("DELIVERED") && r.status() / 100 == 2 && r.postedAt().isBefore(at));
        boolean deliveryReceipt = world.receipts().stream().anyMatch(r -> r.sentId().equals(send.id())
                && r.outcome().equals("DELIVERED") && r.status() / 100 == 2 && r.postedAt().isBefore(at));
        if (failureReceipt && !deliveryReceipt) {
            return true;
        }
        return send.fault() == FaultPlan.SendFault.CONNECTION_RESET && world.queries().stream()
                .anyMatch(q -> q.provider().equals(send.provider()) && q.address().equals(send.address())
                        && q.at().isAfter(send.receivedAt()) && q.at().isBefore(at));
    }

    /** The receipts the provider posted about a send, with LoanFlow's answers, for the violation message. */
    private String receipts(Sent send) {
        String posted = world.receipts().stream().filter(r -> r.sentId().equals(send.id()))
                .map(r -> r.outcome().toLowerCase() + " " + r.status()).collect(Collectors.joining(", "));
        return posted.isEmpty() ? "" : "; receipts answered: " + posted;
    }

    /** The provider's own knowledge: a failure receipt was its verdict on the message. */
    private boolean failed(Sent send) {
        return world.receipts().stream().anyMatch(r -> r.sentId().equals(send.id())
                && !r.outcome().equals("DELIVERED"))
                && world.receipts().stream().noneMatch(r -> r.sentId().equals(send.id())
                && r.outcome().equals("DELIVERED"));
    }
}
