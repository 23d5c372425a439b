package com.loanflow.notice.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WechatPropertiesTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void setUpValidator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void closeValidator() {
        factory.close();
    }

    @Test
    void givenEnabledWithoutAppSecret_whenValidated_thenRejected() {
        Set<ConstraintViolation<WechatProperties>> violations =
                validator.validate(properties(true, "wx-app", " ", "server-token"));

        assertThat(violations).singleElement()
                .satisfies(v -> assertThat(v.getMessage()).contains("app-secret"));
    }

    @Test
    void givenEnabledWithoutToken_whenValidated_thenRejected() {
        assertThat(validator.validate(properties(true, "wx-app", "app-secret", null))).hasSize(1);
    }

    @Test
    void givenDisabledWithNothingConfigured_whenValidated_thenAccepted() {
        assertThat(validator.validate(properties(false, null, null, null))).isEmpty();
    }

    @Test
    void givenSecrets_whenPrinted_thenHidden() {
        assertThat(properties(true, "wx-app", "app-secret-value", "server-token-value").toString())
                .contains("wx-app").doesNotContain("app-secret-value", "server-token-value");
    }

    @Test
    void givenBaseUrlWithTrailingSlash_whenBound_thenSlashDropped() {
        assertThat(new WechatProperties(true, "a", "b", "c", "https://proxy.example.com/wechat/", null,
                Duration.ofSeconds(1), Duration.ofSeconds(1)).baseUrl()).isEqualTo("https://proxy.example.com/wechat");
    }

    private static WechatProperties properties(boolean enabled, String appId, String appSecret, String token) {
        return new WechatProperties(enabled, appId, appSecret, token, "https://api.weixin.qq.com", null,
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }
}
