package com.loanflow.notice.delivery;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * The outside systems of the delivery ITs, started once per JVM before any Spring context, so that
 * {@code @DynamicPropertySource} can hand their ports to LoanFlow: an SMTP server (GreenMail) and HTTP stand-ins
 * (WireMock) for Aliyun SMS, Twilio and WeChat. They live as long as the JVM, like the one context they serve.
 */
final class DeliveryServers {

    static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    static final WireMockServer ALIYUN = new WireMockServer(wireMockConfig().dynamicPort());
    static final WireMockServer TWILIO = new WireMockServer(wireMockConfig().dynamicPort());
    static final WireMockServer WECHAT = new WireMockServer(wireMockConfig().dynamicPort());

    static {
        SMTP.start();
        ALIYUN.start();
        TWILIO.start();
        WECHAT.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            WECHAT.stop();
            TWILIO.stop();
            ALIYUN.stop();
            SMTP.stop();
        }, "delivery-servers-stop"));
    }

    private DeliveryServers() {
    }
}
