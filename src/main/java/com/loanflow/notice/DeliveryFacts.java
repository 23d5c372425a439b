package com.loanflow.notice;

import com.loanflow.borrower.Borrower;
import com.loanflow.borrower.BorrowerRepository;
import com.loanflow.borrower.Channel;
import com.loanflow.borrower.Contact;
import com.loanflow.notice.channel.ChannelProviders;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The inputs of the channel-plan decision, read fresh each time delivery is planned: the event, the borrower's
 * preferred and opted-out channels and those with new details (comma-separated), and for each channel whether there is a usable address and a provider
 * ({@code VALID}), an address a provider rejected for good ({@code INVALID}) or nothing to send to ({@code NONE}).
 */
@Component("deliveryFacts")
public class DeliveryFacts {

    private final NoticeRepository notices;
    private final BorrowerRepository borrowers;
    private final ChannelProviders providers;

    DeliveryFacts(NoticeRepository notices, BorrowerRepository borrowers, ChannelProviders providers) {
        this.notices = notices;
        this.borrowers = borrowers;
        this.providers = providers;
    }

    public Map<String, Object> of(String noticeId) {
        Notice notice = notices.find(noticeId).orElseThrow();
        Borrower borrower = borrowers.find(notice.borrowerId()).orElseThrow();
        Map<Channel, Contact> contacts = borrowers.contacts(borrower.id()).stream()
                .collect(Collectors.toMap(Contact::channel, Function.identity()));
        Map<String, Object> facts = new HashMap<>();
        facts.put("event", notice.event().name());
        facts.put("preferredChannels", names(borrower.preferredChannels()));
        facts.put("optedOutChannels", names(borrower.optedOutChannels()));
        facts.put("smsContact", state(Channel.SMS, contacts));
        facts.put("emailContact", state(Channel.EMAIL, contacts));
        facts.put("wechatContact", state(Channel.WECHAT, contacts));
        facts.put("pushContact", state(Channel.PUSH, contacts));
        facts.put("freshChannels", names(freshSinceLastAttempt(noticeId, contacts)));
        return facts;
    }

    /**
     * Channels whose address changed after this notice was last tried (corrected by staff or by the borrower): the
     * new details are tried first, before the ones that already stayed silent.
     */
    private List<Channel> freshSinceLastAttempt(String noticeId, Map<Channel, Contact> contacts) {
        Optional<Instant> lastAttempt = notices.attempts(noticeId).stream().map(Attempt::createdAt)
                .max(Comparator.naturalOrder());
        if (lastAttempt.isEmpty()) {
            return List.of();
        }
        return contacts.values().stream()
                .filter(c -> c.usable() && c.updatedAt().isAfter(lastAttempt.get()))
                .map(Contact::channel)
                .sorted()
                .toList();
    }

    private String state(Channel channel, Map<Channel, Contact> contacts) {
        Contact contact = contacts.get(channel);
        if (contact == null || !providers.available(channel)) {
            return "NONE";
        }
        return contact.usable() ? "VALID" : "INVALID";
    }

    /** Comma-separated: lists cannot be process variables without a serializer, and FEEL splits them again. */
    private static String names(List<Channel> channels) {
        return channels.stream().map(Enum::name).collect(Collectors.joining(","));
    }
}
