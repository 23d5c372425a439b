package com.loanflow.borrower;

import static com.loanflow.common.Jdbc.instant;
import static com.loanflow.common.Jdbc.utc;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class BorrowerRepository {

    private final JdbcClient jdbc;

    BorrowerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Borrower borrower, List<Contact> contacts) {
        jdbc.sql("""
                insert into borrower (id, name, id_number, language, preferred_channels, time_zone, created_at)
                values (:id, :name, :idNumber, :language, :channels, :zone, :createdAt)""")
                .param("id", borrower.id())
                .param("name", borrower.name())
                .param("idNumber", borrower.idNumber())
                .param("language", borrower.language())
                .param("channels", borrower.preferredChannels().stream().map(Enum::name).collect(Collectors.joining(",")))
                .param("zone", borrower.timeZone().getId())
                .param("createdAt", utc(borrower.createdAt()))
                .update();
        contacts.forEach(contact -> saveContact(borrower.id(), contact));
    }

    public Optional<Borrower> find(String id) {
        return jdbc.sql("select * from borrower where id = :id").param("id", id)
                .query((rs, n) -> new Borrower(rs.getString("id"), rs.getString("name"), rs.getString("id_number"),
                        rs.getString("language"), channels(rs.getString("preferred_channels")),
                        ZoneId.of(rs.getString("time_zone")), rs.getObject("quiet_hours_start", LocalTime.class),
                        rs.getObject("quiet_hours_end", LocalTime.class),
                        channels(rs.getString("opted_out_channels")), instant(rs, "created_at")))
                .optional();
    }

    public List<Contact> contacts(String borrowerId) {
        return jdbc.sql("select * from borrower_contact where borrower_id = :id order by channel")
                .param("id", borrowerId)
                .query((rs, n) -> new Contact(Channel.valueOf(rs.getString("channel")), rs.getString("address"),
                        ContactStatus.valueOf(rs.getString("status")),
                        instant(rs, "updated_at")))
                .list();
    }

    /** Inserts or replaces the borrower's address on one channel. */
    public void saveContact(String borrowerId, Contact contact) {
        int updated = jdbc.sql("""
                update borrower_contact set address = :address, status = :status, invalid_reason = null,
                    updated_at = :updatedAt
                where borrower_id = :borrowerId and channel = :channel""")
                .param("address", contact.address())
                .param("status", contact.status().name())
                .param("updatedAt", utc(contact.updatedAt()))
                .param("borrowerId", borrowerId)
                .param("channel", contact.channel().name())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into borrower_contact (borrower_id, channel, address, status, updated_at)
                    values (:borrowerId, :channel, :address, :status, :updatedAt)""")
                    .param("borrowerId", borrowerId)
                    .param("channel", contact.channel().name())
                    .param("address", contact.address())
                    .param("status", contact.status().name())
                    .param("updatedAt", utc(contact.updatedAt()))
                    .update();
        }
    }

    /** A provider reported the address undeliverable for good (invalid number, hard bounce, blocked). */
    public void invalidateContact(String borrowerId, Channel channel, String reason, Instant at) {
        jdbc.sql("""
                update borrower_contact set status = 'INVALID', invalid_reason = :reason, updated_at = :at
                where borrower_id = :borrowerId and channel = :channel""")
                .param("reason", reason == null ? null : reason.substring(0, Math.min(reason.length(), 300)))
                .param("at", utc(at))
                .param("borrowerId", borrowerId)
                .param("channel", channel.name())
                .update();
    }

    private static List<Channel> channels(String csv) {
        return csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(Channel::valueOf).toList();
    }
}
