package com.loanflow.notice.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static com.loanflow.notice.delivery.DeliveryServers.WECHAT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The node dies after the provider took the message but before LoanFlow recorded its answer: the job executor runs the
 * send again. A provider that recognises a repeat of the attempt id (WeChat's {@code client_msg_id}) is asked again
 * and answers with the first message's id; one that would deliver a second copy (SMTP) is not called again: the
 * attempt's outcome is unknown and its receipt confirms it. Either way there is one attempt and one message.
 *
 * <p>The crash is a temporary PostgreSQL trigger that fails the first update recording the provider's message id on
 * this borrower's attempt, so the send job's transaction rolls back after the provider answered. A sequence counts the
 * crashes, as {@code nextval} is not rolled back with the transaction.
 */
class CrashRetryDeliveryIT extends DeliveryIntegrationTest {

    @Test
    void givenTheNodeDiesAfterWechatTookTheMessage_whenTheSendJobRunsAgain_thenSameClientMsgIdOneAttemptAndDelivered() {
        Borrower borrower = newBorrower(true);
        String msgId = String.valueOf(ThreadLocalRandom.current().nextLong(2_000_000_000L, 2_999_999_999L));
        // WeChat keeps the client_msg_id: the first send is taken, the same attempt sent again is a known duplicate.
        WECHAT.stubFor(receivedNoticeTo(borrower).inScenario("client_msg_id").whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"errcode\": 0, \"errmsg\": \"ok\", \"msgid\": " + msgId + "}"))
                .willSetStateTo("taken"));
        WECHAT.stubFor(receivedNoticeTo(borrower).inScenario("client_msg_id").whenScenarioStateIs("taken")
                .willReturn(okJson("{\"errcode\": 45065, \"errmsg\": \"clientmsgid exist\", \"msg_id\": "
                        + msgId + "}")));
        String noticeId;
        String attemptId;
        try (SimulatedCrash crash = SimulatedCrash.onFirstSend(jdbc, "WECHAT", borrower.wechatOpenId())) {
            TestLoan loan = applyFor(borrower, List.of("WECHAT"));
            noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);

            JsonNode sent = awaitAttempt(noticeId, "WECHAT", "SENT");

            attemptId = sent.get("attemptId").asText();
            assertThat(crash.happened()).as("the first send's commit failed").isTrue();
            assertThat(sent.get("providerMessageId").asText()).isEqualTo(msgId);
        }
        List<LoggedRequest> sends = WECHAT.findAll(postRequestedFor(urlPathEqualTo(WECHAT_SEND))
                .withRequestBody(matchingJsonPath("$.touser", equalTo(borrower.wechatOpenId())))
                .withRequestBody(matchingJsonPath("$.template_id", equalTo(RECEIVED_WECHAT_TEMPLATE))));
        assertThat(sends).as("sent, crashed, sent again").hasSize(2);
        assertThat(sends).extracting(request -> read(request.getBodyAsString()).get("client_msg_id").asText())
                .containsExactly(attemptId, attemptId);
        assertThat(sends.get(1).getBodyAsString()).isEqualTo(sends.get(0).getBodyAsString());
        assertThat(attempts(notice(noticeId))).as("one attempt for the one step").singleElement()
                .satisfies(a -> assertThat(a.get("attemptId").asText()).isEqualTo(attemptId));

        WebhookAnswer event = postWechat(WECHAT_TOKEN, engineNow(), borrower.wechatOpenId(),
                wechatTemplateFinished(borrower.wechatOpenId(), msgId, "success"));

        assertThat(event.status()).as(event.text()).isEqualTo(200);
        assertThat(event.text()).isEqualTo("success");
        JsonNode delivered = awaitNoticeStatus(noticeId, "DELIVERED");
        assertThat(delivered.hasNonNull("confirmedAt")).isTrue();
        assertThat(attempts(delivered)).singleElement().satisfies(a -> {
            assertThat(a.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(a.get("receipts")).singleElement()
                    .satisfies(r -> assertThat(r.get("provider").asText()).isEqualTo("wechat"));
        });
    }

    @Test
    void givenTheNodeDiesAfterTheSmtpServerTookTheMail_whenTheSendJobRunsAgain_thenNoSecondMailAndMailgunConfirms()
            throws MessagingException {
        Borrower borrower = newBorrower(false);
        String noticeId;
        String attemptId;
        try (SimulatedCrash crash = SimulatedCrash.onFirstSend(jdbc, "EMAIL", borrower.email())) {
            TestLoan loan = applyFor(borrower, List.of("EMAIL"));
            noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);

            JsonNode unknown = awaitAttempt(noticeId, "EMAIL", "UNKNOWN");

            attemptId = unknown.get("attemptId").asText();
            assertThat(crash.happened()).as("recording the server's answer failed").isTrue();
            assertThat(unknown.get("failureReason").asText()).contains("outcome unknown");
        }
        // SMTP cannot take a copy back and does not drop one: the mail is not sent again, its receipt is awaited.
        List<MimeMessage> mails = mailsOf(attemptId);
        assertThat(mails).as("one mail, although its answer was lost").hasSize(1);
        assertThat(mails.get(0).getMessageID()).isEqualTo("<" + attemptId + "@" + MESSAGE_ID_DOMAIN + ">");
        assertThat(mails.get(0).getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly(borrower.email());
        assertThat(attempts(notice(noticeId))).as("one attempt for the one step").singleElement()
                .satisfies(a -> assertThat(a.get("attemptId").asText()).isEqualTo(attemptId));

        // Mailgun names the message by its Message-ID, without the angle brackets; it carries the attempt id.
        String mailgunDelivered = mailgunEvent(EMAIL_SIGNING_KEY, engineNow(), "delivered",
                attemptId + "@" + MESSAGE_ID_DOMAIN, "mg-" + attemptId);
        WebhookAnswer event = postMailgun(mailgunDelivered);

        assertThat(event.status()).as(event.text()).isEqualTo(204);
        JsonNode delivered = awaitNoticeStatus(noticeId, "DELIVERED");
        assertThat(delivered.hasNonNull("confirmedAt")).isTrue();
        assertThat(attempt(delivered, attemptId).get("status").asText()).isEqualTo("DELIVERED");
        awaitEngineIdle();
        assertThat(mailsOf(attemptId)).hasSize(1);
    }

    /** WeChat template sends of this borrower's APPLICATION_RECEIVED notice. */
    private static MappingBuilder receivedNoticeTo(Borrower borrower) {
        return post(urlPathEqualTo(WECHAT_SEND)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.touser", equalTo(borrower.wechatOpenId())))
                .withRequestBody(matchingJsonPath("$.template_id", equalTo(RECEIVED_WECHAT_TEMPLATE)));
    }

    private static JsonNode read(String json) {
        return new WebhookAnswer(200, null, json).json();
    }

    /**
     * A PostgreSQL trigger, there only while the test runs, that fails the first update setting the provider's
     * message id on this address's attempt of the APPLICATION_RECEIVED notice: as if the node died after the provider
     * answered and before the send committed.
     */
    static final class SimulatedCrash implements AutoCloseable {

        private final JdbcClient jdbc;
        private final String name;

        private SimulatedCrash(JdbcClient jdbc, String name) {
            this.jdbc = jdbc;
            this.name = name;
        }

        static SimulatedCrash onFirstSend(JdbcClient jdbc, String channel, String address) {
            assertThat(address).matches("[A-Za-z0-9_.@+-]+");
            String name = "it_crash_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
            jdbc.sql("create sequence " + name).update();
            // Nested IFs: nextval must only count the update that records the message id of this attempt.
            jdbc.sql("""
                    create function %1$s() returns trigger language plpgsql as $body$
                    begin
                        if new.channel = '%2$s' and new.address = '%3$s' and old.provider_message_id is null
                                and new.provider_message_id is not null
                                and exists (select 1 from notice n where n.id = new.notice_id
                                            and n.event = 'APPLICATION_RECEIVED') then
                            if nextval('%1$s') = 1 then
                                raise exception 'simulated crash: node died before attempt %% was committed', new.id;
                            end if;
                        end if;
                        return new;
                    end;
                    $body$""".formatted(name, channel, address)).update();
            jdbc.sql("create trigger " + name + " before update on notice_attempt for each row execute function "
                    + name + "()").update();
            return new SimulatedCrash(jdbc, name);
        }

        /** Whether the trigger failed a send's commit (its sequence survives the rollback). */
        boolean happened() {
            return jdbc.sql("select is_called from " + name).query(Boolean.class).single();
        }

        @Override
        public void close() {
            jdbc.sql("drop trigger if exists " + name + " on notice_attempt").update();
            jdbc.sql("drop function if exists " + name + "()").update();
            jdbc.sql("drop sequence if exists " + name).update();
        }
    }
}
