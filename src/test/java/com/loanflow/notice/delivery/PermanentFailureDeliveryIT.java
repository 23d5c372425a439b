package com.loanflow.notice.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.loanflow.notice.delivery.DeliveryServers.ALIYUN;
import static com.loanflow.notice.delivery.DeliveryServers.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateways say the borrower's number cannot take SMS: the SMS attempt fails for good, the number is marked
 * invalid, and the notice goes on to the next planned channel (e-mail), whose receipt confirms it.
 */
class PermanentFailureDeliveryIT extends DeliveryIntegrationTest {

    private static void aliyunSaysInvalidNumber(Borrower borrower) {
        ALIYUN.stubFor(post(urlEqualTo("/")).atPriority(1)
                .withFormParam("PhoneNumbers", equalTo(borrower.aliyunPhone()))
                .willReturn(okJson("{\"Code\": \"isv.MOBILE_NUMBER_ILLEGAL\", \"Message\": \"非法手机号\","
                        + " \"RequestId\": \"A0B1C2D3-0000-4000-8000-000000000001\"}")));
    }

    private static void twilioSaysInvalidNumber(Borrower borrower) {
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES)).atPriority(1)
                .withFormParam("To", equalTo(borrower.phone()))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\": 21211, \"message\": \"The 'To' number " + borrower.phone()
                                + " is not a valid phone number.\", \"more_info\":"
                                + " \"https://www.twilio.com/docs/errors/21211\", \"status\": 400}")));
    }

    @Test
    void givenBothGatewaysSayInvalidNumber_whenTheNoticeGoesBySms_thenContactInvalidAndTheNoticeGoesOnByEmail()
            throws MessagingException {
        Borrower borrower = newBorrower(false);
        aliyunSaysInvalidNumber(borrower);
        twilioSaysInvalidNumber(borrower);
        TestLoan loan = applyFor(borrower, List.of("SMS", "EMAIL"));
        String noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);

        JsonNode email = awaitAttempt(noticeId, "EMAIL", "SENT");

        JsonNode notice = notice(noticeId);
        assertThat(attempts(notice)).extracting(a -> a.get("channel").asText()).containsExactly("SMS", "EMAIL");
        JsonNode sms = attempts(notice).get(0);
        assertThat(sms.get("status").asText()).isEqualTo("PERMANENT_FAILURE");
        assertThat(sms.get("failureReason").asText()).contains("isv.MOBILE_NUMBER_ILLEGAL");
        assertThat(contactStatus(loan.loanId(), "SMS")).isEqualTo("INVALID");
        // The number's fault, not the gateway's: not retried, and not sent again through the backup.
        String smsAttempt = sms.get("attemptId").asText();
        assertThat(count(ALIYUN, aliyunSendSms(smsAttempt))).isEqualTo(1);
        assertThat(count(TWILIO, twilioMessage(smsAttempt))).isZero();
        assertEmailedAndConfirmed(borrower, noticeId, email.get("attemptId").asText());
    }

    @Test
    void givenAliyunDownAndTwilioSaysInvalidNumber_whenTheNoticeGoesBySms_thenContactInvalidAndTheNoticeGoesOnByEmail()
            throws MessagingException {
        Borrower borrower = newBorrower(false);
        ALIYUN.stubFor(post(urlEqualTo("/")).atPriority(1)
                .withFormParam("PhoneNumbers", equalTo(borrower.aliyunPhone()))
                .willReturn(aResponse().withStatus(503)));
        twilioSaysInvalidNumber(borrower);
        TestLoan loan = applyFor(borrower, List.of("SMS", "EMAIL"));
        String noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);

        JsonNode email = awaitAttempt(noticeId, "EMAIL", "SENT");

        JsonNode sms = attempts(notice(noticeId)).get(0);
        assertThat(sms.get("channel").asText()).isEqualTo("SMS");
        assertThat(sms.get("status").asText()).isEqualTo("PERMANENT_FAILURE");
        assertThat(sms.get("failureReason").asText()).contains("21211");
        assertThat(contactStatus(loan.loanId(), "SMS")).isEqualTo("INVALID");
        String smsAttempt = sms.get("attemptId").asText();
        assertThat(count(ALIYUN, aliyunSendSms(smsAttempt))).isEqualTo(1);
        assertThat(count(TWILIO, twilioMessage(smsAttempt))).isEqualTo(1);
        assertEmailedAndConfirmed(borrower, noticeId, email.get("attemptId").asText());
    }

    private void assertEmailedAndConfirmed(Borrower borrower, String noticeId, String emailAttempt)
            throws MessagingException {
        List<MimeMessage> mails = mailsOf(emailAttempt);
        assertThat(mails).singleElement().satisfies(mail -> {
            assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                    .containsExactly(borrower.email());
            assertThat(mail.getMessageID()).isEqualTo("<" + emailAttempt + "@" + MESSAGE_ID_DOMAIN + ">");
        });
        WebhookAnswer event = postMailgun(mailgunEvent(EMAIL_SIGNING_KEY, engineNow(), "delivered",
                emailAttempt + "@" + MESSAGE_ID_DOMAIN, "mg-" + emailAttempt));
        assertThat(event.status()).as(event.text()).isEqualTo(204);
        JsonNode delivered = awaitNoticeStatus(noticeId, "DELIVERED");
        assertThat(attempt(delivered, emailAttempt).get("status").asText()).isEqualTo("DELIVERED");
        assertThat(delivered.hasNonNull("confirmedAt")).isTrue();
    }
}
