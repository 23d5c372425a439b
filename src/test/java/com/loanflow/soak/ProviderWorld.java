package com.loanflow.soak;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The outside world of the soak: WireMock servers standing in for Aliyun SMS, Twilio, WeChat and JPush, and GreenMail
 * for SMTP. Each server answers through the {@link ProviderEmulator}, which injects the {@link FaultPlan}'s faults
 * and keeps the provider's own record of what it took ({@link Sent}); the receipts of taken messages are then
 * posted to LoanFlow by the {@link ReceiptSender}. The same records feed invariant (b), next to WireMock's journal.
 */
final class ProviderWorld implements AutoCloseable {

    static final String PUBLIC_URL = "https://loanflow.test";
    static final String ALIYUN = "aliyun-sms";
    static final String TWILIO = "twilio";
    static final String WECHAT = "wechat";
    static final String JPUSH = "jpush";
    static final String EMAIL = "email";

    static final String ALIYUN_CALLBACK_TOKEN = "aliyun-callback-token-soak-7c1e9a";
    static final String TWILIO_ACCOUNT_SID = "AC00000000000000000000000000005041";
    static final String TWILIO_AUTH_TOKEN = "twilio-auth-token-soak-3b9f";
    static final String TWILIO_FROM = "+15005550006";
    static final String TWILIO_MESSAGES = "/2010-04-01/Accounts/" + TWILIO_ACCOUNT_SID + "/Messages";
    static final String EMAIL_SIGNING_KEY = "key-soak-mailgun-signing-9e2d";
    static final String MESSAGE_ID_DOMAIN = "mail.loanflow.test";
    static final String WECHAT_TOKEN = "wechat-server-token-soak";
    static final String JPUSH_APP_KEY = "soak0app0key0000000000000";
    static final String JPUSH_MASTER_SECRET = "soak0master0secret0000000";

    /** The adapters' read timeout; a "timeout after accept" answers later than this (WeChat: connect + read). */
    static final int READ_TIMEOUT_MILLIS = 1500;

    /** One send as the provider received it. {@code taken}: the provider accepted it for delivery. */
    record Sent(String id, String provider, Instant receivedAt, Instant engineAt, String attemptId, String noticeId,
                String address, String dedupeKey, FaultPlan.SendFault fault, boolean taken, String duplicateOf,
                String messageId) {
    }

    /** A receipt the provider posted to LoanFlow, and LoanFlow's answer. */
    record PostedReceipt(String sentId, String outcome, Instant postedAt, int status) {
    }

    /** A status query LoanFlow made about messages to an address (Aliyun QuerySendDetails, Twilio, JPush). */
    record Query(String provider, String address, Instant at) {
    }

    final WireMockServer aliyun;
    final WireMockServer twilio;
    final WireMockServer wechat;
    final WireMockServer jpush;
    final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    private final FaultPlan faults;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final List<PostedReceipt> receipts = new CopyOnWriteArrayList<>();
    private final List<Query> queries = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService mailPoller = Executors.newSingleThreadScheduledExecutor();
    private final ProviderEmulator emulator;
    private int mailsSeen;

    ProviderWorld(FaultPlan faults, SoakClock clock) {
        this.faults = faults;
        this.emulator = new ProviderEmulator(this, faults, clock);
        this.aliyun = server(emulator::aliyun);
        this.twilio = server(emulator::twilio);
        this.wechat = server(emulator::wechat);
        this.jpush = server(emulator::jpush);
        smtp.start();
        mailPoller.scheduleWithFixedDelay(this::pollMail, 200, 200, TimeUnit.MILLISECONDS);
    }

    private static WireMockServer server(Function<ServeEvent, ResponseDefinition> answers) {
        ResponseDefinitionTransformerV2 transformer = new ResponseDefinitionTransformerV2() {
            @Override
            public ResponseDefinition transform(ServeEvent serveEvent) {
                return answers.apply(serveEvent);
            }

            @Override
            public String getName() {
                return "soak-provider";
            }
        };
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(60)
                .asynchronousResponseEnabled(true).asynchronousResponseThreads(20).extensions(transformer));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(ok()));
        return server;
    }

    /** Where LoanFlow's real providers send, as node properties. */
    List<String> nodeProperties() {
        return List.of(
                "loanflow.notice.webhook-base-url=" + PUBLIC_URL,
                "loanflow.notice.aliyun-sms.enabled=true",
                "loanflow.notice.aliyun-sms.endpoint=" + aliyun.baseUrl(),
                "loanflow.notice.aliyun-sms.access-key-id=LTAI-soak-key-id",
                "loanflow.notice.aliyun-sms.access-key-secret=soak-key-secret",
                "loanflow.notice.aliyun-sms.sign-name=LoanFlow汽车金融",
                "loanflow.notice.aliyun-sms.callback-token=" + ALIYUN_CALLBACK_TOKEN,
                "loanflow.notice.aliyun-sms.connect-timeout=1s",
                "loanflow.notice.aliyun-sms.read-timeout=" + READ_TIMEOUT_MILLIS + "ms",
                "loanflow.notice.twilio.enabled=true",
                "loanflow.notice.twilio.base-url=" + twilio.baseUrl(),
                "loanflow.notice.twilio.account-sid=" + TWILIO_ACCOUNT_SID,
                "loanflow.notice.twilio.auth-token=" + TWILIO_AUTH_TOKEN,
                "loanflow.notice.twilio.from=" + TWILIO_FROM,
                "loanflow.notice.twilio.connect-timeout=1s",
                "loanflow.notice.twilio.read-timeout=" + READ_TIMEOUT_MILLIS + "ms",
                "loanflow.notice.sms.primary=" + ALIYUN,
                "loanflow.notice.sms.backup=" + TWILIO,
                "loanflow.notice.sms.circuit-breaker.failure-rate-threshold=50",
                "loanflow.notice.sms.circuit-breaker.sliding-window-size=10",
                "loanflow.notice.sms.circuit-breaker.minimum-number-of-calls=5",
                "loanflow.notice.sms.circuit-breaker.wait-duration-in-open-state=5s",
                "loanflow.notice.sms.circuit-breaker.permitted-calls-in-half-open-state=1",
                "loanflow.notice.sms.circuit-breaker.slow-call-duration-threshold=10s",
                "loanflow.notice.email.enabled=true",
                "loanflow.notice.email.from=notice@loanflow.test",
                "loanflow.notice.email.webhook-signing-key=" + EMAIL_SIGNING_KEY,
                "loanflow.notice.email.message-id-domain=" + MESSAGE_ID_DOMAIN,
                "spring.mail.host=localhost",
                "spring.mail.port=" + smtp.getSmtp().getPort(),
                "spring.mail.properties.mail.smtp.connectiontimeout=2000",
                "spring.mail.properties.mail.smtp.timeout=5000",
                "loanflow.notice.wechat.enabled=true",
                "loanflow.notice.wechat.base-url=" + wechat.baseUrl(),
                "loanflow.notice.wechat.app-id=wx-soak-app",
                "loanflow.notice.wechat.app-secret=wx-soak-secret",
                "loanflow.notice.wechat.token=" + WECHAT_TOKEN,
                "loanflow.notice.wechat.connect-timeout=1s",
                "loanflow.notice.wechat.read-timeout=" + READ_TIMEOUT_MILLIS + "ms",
                "loanflow.notice.jpush.enabled=true",
                "loanflow.notice.jpush.app-key=" + JPUSH_APP_KEY,
                "loanflow.notice.jpush.master-secret=" + JPUSH_MASTER_SECRET,
                "loanflow.notice.jpush.base-url=" + jpush.baseUrl(),
                "loanflow.notice.jpush.timeouts.connect=1s",
                "loanflow.notice.jpush.timeouts.read=" + READ_TIMEOUT_MILLIS + "ms");
    }

    /**
     * Wires what the providers do back into the soak: receipts, contact changes in the middle of a send, and the
     * moment a send's answer is held back (when the soak may crash a node).
     */
    void connect(ReceiptSender sender, java.util.function.Consumer<String> contactChangeOfAddress,
                 Runnable duringSlowSend) {
        emulator.connect(sender, contactChangeOfAddress, duringSlowSend);
    }

    void record(Sent message) {
        sent.put(message.id(), message);
    }

    void recordReceipt(PostedReceipt receipt) {
        receipts.add(receipt);
    }

    void recordQuery(Query query) {
        queries.add(query);
    }

    Collection<Sent> sent() {
        return sent.values();
    }

    Sent sent(String id) {
        return sent.get(id);
    }

    /**
     * What the provider's status API says of a message: delivered (true) or failed (false) once it has reported so,
     * empty while it is still waiting for the carrier.
     */
    java.util.Optional<Boolean> reported(String sentId) {
        boolean delivered = receipts.stream()
                .anyMatch(r -> r.sentId().equals(sentId) && r.outcome().equals("DELIVERED"));
        boolean failed = receipts.stream()
                .anyMatch(r -> r.sentId().equals(sentId) && !r.outcome().equals("DELIVERED"));
        return delivered ? java.util.Optional.of(true) : failed ? java.util.Optional.of(false)
                : java.util.Optional.empty();
    }

    List<PostedReceipt> receipts() {
        return receipts;
    }

    List<Query> queries() {
        return queries;
    }

    FaultPlan faults() {
        return faults;
    }

    /** New mails at the SMTP server become sends of the e-mail provider, with their receipt fates. */
    private synchronized void pollMail() {
        try {
            MimeMessage[] mails = smtp.getReceivedMessages();
            for (int i = mailsSeen; i < mails.length; i++) {
                emulator.mailReceived("mail-" + i, mails[i]);
            }
            mailsSeen = mails.length;
        } catch (RuntimeException e) {
            // GreenMail is still writing the message; the next poll gets it.
        }
    }

    /** The mails GreenMail received, as its own log of what it was given. */
    List<MimeMessage> mails() {
        return List.of(smtp.getReceivedMessages());
    }

    static String header(MimeMessage mail, String name) {
        try {
            return mail.getHeader(name, null);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets the mail poller catch up, so the last mails have their records before the invariants are checked. */
    void flushMail() {
        pollMail();
    }

    @Override
    public void close() {
        mailPoller.shutdownNow();
        emulator.close();
        List<AutoCloseable> servers = new ArrayList<>(List.of(aliyun::stop, twilio::stop, wechat::stop, jpush::stop,
                smtp::stop));
        for (AutoCloseable server : servers) {
            try {
                server.close();
            } catch (Exception ignored) {
                // Stopping the rest matters more.
            }
        }
    }
}
