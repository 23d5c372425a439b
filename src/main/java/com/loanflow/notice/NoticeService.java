package com.loanflow.notice;

import com.loanflow.borrower.Borrower;
import com.loanflow.borrower.BorrowerRepository;
import com.loanflow.borrower.Channel;
import com.loanflow.borrower.Contact;
import com.loanflow.common.Ids;
import com.loanflow.loan.Loan;
import com.loanflow.loan.LoanRepository;
import com.loanflow.notice.channel.ChannelProvider;
import com.loanflow.notice.channel.ChannelContent;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Creates a notice (rendered once, kept as sent) and sends it on the borrower's first usable preferred channel;
 * the in-app message center is always there as the last resort.
 */
@Service
public class NoticeService {

    private static final Logger log = LoggerFactory.getLogger(NoticeService.class);

    private final NoticeRepository notices;
    private final NoticeTemplates templates;
    private final NoticeParameters parameters;
    private final LoanRepository loans;
    private final BorrowerRepository borrowers;
    private final List<ChannelProvider> providers;
    private final Clock clock;

    NoticeService(NoticeRepository notices, NoticeTemplates templates, NoticeParameters parameters,
                  LoanRepository loans, BorrowerRepository borrowers, List<ChannelProvider> providers, Clock clock) {
        this.notices = notices;
        this.templates = templates;
        this.parameters = parameters;
        this.loans = loans;
        this.borrowers = borrowers;
        this.providers = providers;
        this.clock = clock;
    }

    public String create(String loanId, NoticeEvent event, String reference, String processInstanceId) {
        Loan loan = loans.get(loanId);
        Borrower borrower = borrowers.find(loan.borrowerId()).orElseThrow();
        NoticeTemplates.Rendered rendered = templates.render(event, borrower.language(),
                parameters.of(event, loan, reference));
        Notice notice = new Notice(Ids.newId("NT"), loanId, borrower.id(), event, NoticeStatus.PENDING,
                borrower.language(), rendered.version(), rendered.subject(), rendered.body(), reference,
                processInstanceId, clock.instant(), null);
        notices.insert(notice);
        log.info("Notice {} ({}) created for loan {}", notice.id(), event, loanId);
        return notice.id();
    }

    public void send(String noticeId) {
        Notice notice = notices.find(noticeId).orElseThrow();
        Borrower borrower = borrowers.find(notice.borrowerId()).orElseThrow();
        Map<Channel, Contact> contacts = borrowers.contacts(borrower.id()).stream()
                .filter(Contact::usable)
                .collect(Collectors.toMap(Contact::channel, Function.identity()));
        Channel channel = borrower.preferredChannels().stream()
                .filter(c -> c == Channel.IN_APP || contacts.containsKey(c))
                .findFirst()
                .orElse(Channel.IN_APP);
        String address = channel == Channel.IN_APP ? borrower.id() : contacts.get(channel).address();
        ChannelProvider provider = provider(channel).orElseThrow(() ->
                new IllegalStateException("No provider is configured for channel " + channel));
        Attempt attempt = new Attempt(Ids.newId("AT"), noticeId, channel, provider.name(), address,
                AttemptStatus.QUEUED, contentHash(notice), null, clock.instant(), null, null, null);
        notices.insertAttempt(attempt);
        SendResult sent = provider.send(new OutboundMessage(attempt.id(), noticeId, notice.loanId(),
                notice.event().name(), channel, address, notice.language(),
                ChannelContent.text(notice.subject(), notice.body())));
        notices.recordSent(attempt.id(), sent.providerMessageId(), clock.instant());
        notices.setStatus(noticeId, NoticeStatus.SENT);
    }

    private Optional<ChannelProvider> provider(Channel channel) {
        return providers.stream().filter(p -> p.supports(channel)).findFirst();
    }

    /** SHA-256 of exactly what the borrower was shown: proof of content in a dispute (D11). */
    static String contentHash(Notice notice) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest((notice.subject() + "\n" + notice.body())
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
