package com.loanflow.notice.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.loanflow.support.MutableClock;
import com.loanflow.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class WechatServerVerificationControllerTest {

    /** hex(SHA1("123456" + "1700000000" + "loanflow-token")), worked out outside this code. */
    private static final String SIGNATURE = "b4b29450df2c67f8a4525af9b4a917b71a5dc3b4";

    private final WechatServerVerificationController controller = new WechatServerVerificationController(
            new WechatEventWebhook(new WechatProperties(true, "wx-app", "app-secret", "loanflow-token",
                    "https://api.weixin.qq.com", null, Duration.ofSeconds(5), Duration.ofSeconds(10)),
                    new MutableClock(Instant.ofEpochSecond(1_700_000_030))));

    @Test
    void givenSignedVerificationRequest_whenAnswered_thenEchoesEchostr() {
        assertThat(controller.verify(parameters(SIGNATURE, "6212304811637589401"))).isEqualTo("6212304811637589401");
    }

    @Test
    void givenWrongSignature_whenAnswered_thenUnauthorizedAndNothingEchoed() {
        String wrong = "0" + SIGNATURE.substring(1);

        assertThatThrownBy(() -> controller.verify(parameters(wrong, "6212304811637589401")))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.UNAUTHORIZED));
    }

    @Test
    void givenNoEchostr_whenAnswered_thenUnauthorized() {
        assertThatThrownBy(() -> controller.verify(parameters(SIGNATURE, null)))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.UNAUTHORIZED));
    }

    private static Map<String, String> parameters(String signature, String echostr) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("signature", signature);
        parameters.put("timestamp", "1700000000");
        parameters.put("nonce", "123456");
        if (echostr != null) {
            parameters.put("echostr", echostr);
        }
        return parameters;
    }
}
