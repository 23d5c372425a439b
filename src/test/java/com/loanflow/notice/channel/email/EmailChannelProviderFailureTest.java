package com.loanflow.notice.channel.email;

import static com.loanflow.notice.channel.email.EmailFixtures.message;
import static com.loanflow.notice.channel.email.EmailFixtures.properties;
import static com.loanflow.notice.channel.email.EmailFixtures.sender;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.SendResult;
import com.loanflow.notice.channel.email.ScriptedSmtpServer.Script;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Against a scripted SMTP server on a real socket: which refusals cost the borrower the address, which do not. */
class EmailChannelProviderFailureTest {

    private static final String HOST = InetAddress.getLoopbackAddress().getHostAddress();

    private ScriptedSmtpServer server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private DeliveryException sendExpectingFailure(Script script) {
        server = ScriptedSmtpServer.start(script);
        EmailChannelProvider provider = new EmailChannelProvider(properties(), sender(HOST, server.port()));
        return catchThrowableOfType(DeliveryException.class,
                () -> provider.send(message("AT-3G7H9K2M4P6R", "zhang.wei@example.cn")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "550 5.1.1 <zhang.wei@example.cn>: Recipient address rejected: User unknown",
        "551 5.1.6 User not local",
        "553 5.1.3 Bad recipient address syntax",
        "550 Requested action not taken: mailbox unavailable",
        "554 5.1.1 Unknown recipient"
    })
    void givenServerRejectsTheRecipient_whenSending_thenPermanentFailure(String reply) {
        DeliveryException failure = sendExpectingFailure(Script.accepting().rcpt(reply));

        assertThat(failure.permanent()).isTrue();
        assertThat(failure.code()).isEqualTo(reply.substring(0, 3) + (reply.charAt(4) == '5'
                ? " " + reply.substring(4, reply.indexOf(' ', 4)) : ""));
        assertThat(server.commands()).noneMatch(command -> command.equals("<data>"));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void givenServerQuotesTheRecipientInItsRefusal_whenTheFailureIsLogged_thenTheAddressIsMasked(
            CapturedOutput output) {
        DeliveryException failure = sendExpectingFailure(Script.accepting()
                .rcpt("550 5.1.1 <zhang.wei@example.cn>: Recipient address rejected: User unknown"));

        assertThat(failure.getMessage()).as("the attempt's proof keeps the reply").contains("zhang.wei@example.cn");
        assertThat(output.getAll()).contains("<z***@example.cn>: Recipient address rejected")
                .doesNotContain("zhang.wei@example.cn");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "450 4.2.1 Mailbox busy, try again later",
        "451 4.3.0 Temporary local problem",
        "452 4.2.2 Insufficient system storage",
        "421 4.7.0 Too many connections, closing",
        "550 5.7.1 Relaying denied",
        "554 5.7.1 Client host rejected: blocked using our reputation list",
        "503 5.5.1 Error: need MAIL command"
    })
    void givenServerRefusesTheRecipientForAReasonNotInTheAddress_whenSending_thenTemporaryFailure(String reply) {
        DeliveryException failure = sendExpectingFailure(Script.accepting().rcpt(reply));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).startsWith(reply.substring(0, 3));
    }

    @Test
    void givenServerGreetsWith421_whenSending_thenTemporaryFailure() {
        DeliveryException failure = sendExpectingFailure(
                Script.accepting().greeting("421 4.3.2 Service not available, closing channel"));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("421 4.3.2");
        assertThat(server.commands()).noneMatch(command -> command.startsWith("RCPT"));
    }

    @Test
    void givenServerRefusesTheContentAfterData_whenSending_thenTemporaryFailure() {
        DeliveryException failure = sendExpectingFailure(
                Script.accepting().endOfData("554 5.6.0 Message content rejected"));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("554 5.6.0");
    }

    @Test
    void givenNothingListensOnThePort_whenSending_thenTemporaryConnectFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        EmailChannelProvider provider = new EmailChannelProvider(properties(), sender(HOST, closedPort));

        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> provider.send(message("AT-3G7H9K2M4P6R", "zhang.wei@example.cn")));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("CONNECT");
    }

    @Test
    void givenServerNeverAnswers_whenSending_thenTemporaryTimeoutWithinTheConfiguredTimeout() {
        Instant start = Instant.now();

        DeliveryException failure = sendExpectingFailure(Script.accepting().greeting(null));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("TIMEOUT");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void givenServerTookTheMessageButNeverAnswersQuit_whenSending_thenSentAndNotRetried() {
        server = ScriptedSmtpServer.start(Script.accepting().quit(null));
        EmailChannelProvider provider = new EmailChannelProvider(properties(), sender(HOST, server.port()));

        SendResult result = provider.send(message("AT-3G7H9K2M4P6R", "zhang.wei@example.cn"));

        assertThat(result.providerMessageId()).isEqualTo("<AT-3G7H9K2M4P6R@loanflow.example>");
        assertThat(server.commands()).contains("<data>", "QUIT");
    }
}
