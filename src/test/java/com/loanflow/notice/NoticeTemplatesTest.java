package com.loanflow.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.ChannelContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped templates cover every event in both languages on every channel, and broken template sets (including
 * SMS templates the gateway has not approved as used) are refused at start-up.
 */
class NoticeTemplatesTest {

    @TempDir
    Path dir;

    @Test
    void givenShippedTemplates_whenLoaded_thenEveryEventRendersInBothLanguages() {
        NoticeTemplates templates = new NoticeTemplates();
        Map<String, String> params = new java.util.HashMap<>();
        for (NoticeEvent event : NoticeEvent.values()) {
            event.parameters().forEach(p -> params.put(p, "<" + p + ">"));
        }

        for (NoticeEvent event : NoticeEvent.values()) {
            for (String language : NoticeTemplates.LANGUAGES) {
                NoticeTemplates.Rendered rendered = templates.render(event, language, params);
                assertThat(rendered.subject()).as("%s %s subject", event, language).isNotBlank().doesNotContain("{");
                assertThat(rendered.body()).as("%s %s body", event, language).contains("<name>").doesNotContain("{");
            }
        }
    }

    @Test
    void givenRejectionReasonCode_whenRendered_thenTheBorrowerReadsItInTheirLanguage() {
        NoticeTemplates templates = new NoticeTemplates();
        Map<String, String> params = Map.of("name", "张伟", "loanId", "LN-1", "vehicle", "VW Lavida",
                "vin", "LSVAU2180N2183294", "reason", "INCOME_MISMATCH");

        assertThat(templates.render(NoticeEvent.APPLICATION_REJECTED, "zh-CN", params).body())
                .contains("张伟").contains("收入").doesNotContain("INCOME_MISMATCH");
        assertThat(templates.render(NoticeEvent.APPLICATION_REJECTED, "en", params).body())
                .contains("income").doesNotContain("INCOME_MISMATCH");
    }

    @Test
    void givenAnEventWithoutTemplate_whenLoading_thenRefusedNamingTheEventAndFile() throws IOException {
        copyShippedTemplates();
        Files.delete(dir.resolve("LOAN_SETTLED.yaml"));

        assertThatThrownBy(() -> new NoticeTemplates("file:" + dir + "/*.yaml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no template for event LOAN_SETTLED")
                .hasMessageContaining("templates/notices/LOAN_SETTLED.yaml");
    }

    @Test
    void givenTemplateUsingAParameterItsEventLacks_whenLoading_thenRefusedNamingFileLanguageAndParameter()
            throws IOException {
        copyShippedTemplates();
        Path file = dir.resolve("REPAYMENT_DUE.yaml");
        Files.writeString(file, Files.readString(file).replaceFirst("\\{dueDate}", "{dueDay}"));

        assertThatThrownBy(() -> new NoticeTemplates("file:" + dir + "/*.yaml"))
                .hasMessageContaining("REPAYMENT_DUE.yaml")
                .hasMessageContaining("{dueDay}")
                .hasMessageContaining("does not provide");
    }

    @Test
    void givenTemplateMissingALanguage_whenLoading_thenRefusedNamingFileAndLanguage() throws IOException {
        copyShippedTemplates();
        Files.writeString(dir.resolve("APPLICATION_DELAYED.yaml"), """
                event: APPLICATION_DELAYED
                version: 2
                zh-CN:
                  subject: "申请处理延迟"
                  body: "尊敬的{name}：您的申请{loanId}处理时间较长。"
                """);

        assertThatThrownBy(() -> new NoticeTemplates("file:" + dir + "/*.yaml"))
                .hasMessageContaining("APPLICATION_DELAYED.yaml lacks a subject and body for language en");
    }

    @Test
    void givenShippedTemplates_whenRenderedForEachChannel_thenEveryEventAndLanguageHasItsContent() {
        NoticeTemplates templates = new NoticeTemplates();

        for (NoticeEvent event : NoticeEvent.values()) {
            for (String language : NoticeTemplates.LANGUAGES) {
                for (Channel channel : Channel.values()) {
                    ChannelContent content = templates.render(event, language, channel, placeholders());
                    String as = event + " " + language + " " + channel;
                    assertThat(content.body()).as(as + " body").isNotBlank().doesNotContain("{");
                    if (channel == Channel.SMS) {
                        assertThat(content.subject()).as(as + " subject").isNull();
                        assertThat(content.smsTemplate().templateId()).as(as).startsWith("SMS_");
                        assertThat(content.smsTemplate().parameters().values()).as(as)
                                .allSatisfy(value -> assertThat(value).isNotBlank().doesNotContain("{"));
                    } else {
                        assertThat(content.subject()).as(as + " subject").isNotBlank().doesNotContain("{");
                        assertThat(content.smsTemplate()).as(as).isNull();
                    }
                    if (channel == Channel.WECHAT) {
                        assertThat(content.wechatTemplate().templateId()).as(as).isNotBlank();
                        assertThat(content.wechatTemplate().parameters()).as(as).isNotEmpty().allSatisfy(
                                (field, value) -> assertThat(value).isNotBlank().doesNotContain("{"));
                    } else {
                        assertThat(content.wechatTemplate()).as(as).isNull();
                    }
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void givenShippedTemplates_whenRenderedForSms_thenTheApprovedTemplateGetsExactlyItsParametersAndReadsAsTheText()
            throws IOException {
        NoticeTemplates templates = new NoticeTemplates();
        Map<String, Map<String, Object>> approved = approvedTemplates();

        for (NoticeEvent event : NoticeEvent.values()) {
            for (String language : NoticeTemplates.LANGUAGES) {
                ChannelContent sms = templates.render(event, language, Channel.SMS, placeholders());
                Map<String, Object> registered = approved.get(sms.smsTemplate().templateId());
                String as = event + " " + language + " " + sms.smsTemplate().templateId();

                assertThat(registered).as(as).isNotNull().containsEntry("language", language);
                assertThat(sms.smsTemplate().parameters().keySet()).as(as)
                        .containsExactlyInAnyOrderElementsOf((List<String>) registered.get("params"));
                // What the gateway sends from the approved content reads exactly as the notice's own SMS text.
                assertThat(gatewayRendering((String) registered.get("content"), sms.smsTemplate().parameters()))
                        .as(as).isEqualTo(sms.body());
            }
        }
    }

    @Test
    void givenSettledLoan_whenRenderedForEachChannel_thenEachCarriesTheRenderedValues() {
        NoticeTemplates templates = new NoticeTemplates();
        Map<String, String> params = Map.of("name", "张伟", "loanId", "LN-7K3Q9X2M4TBW",
                "vehicle", "Volkswagen Lavida", "vin", "LSVAU2180N2183294",
                "settledDate", "2025-06-30");

        ChannelContent sms = templates.render(NoticeEvent.LOAN_SETTLED, "zh-CN", Channel.SMS, params);
        assertThat(sms.smsTemplate().templateId()).isEqualTo("SMS_480012");
        assertThat(sms.smsTemplate().parameters()).isEqualTo(Map.of("name", "张伟", "loanId", "LN-7K3Q9X2M4TBW",
                "date", "2025-06-30"));
        assertThat(sms.body()).startsWith("尊敬的张伟，").contains("2025-06-30").doesNotContain("【")
                .doesNotContain("LSVAU2180N2183294");
        // Raised at the payoff, before the certificate is issued: it says where the certificate will be.
        assertThat(templates.render(NoticeEvent.LOAN_SETTLED, "zh-CN", params).body()).contains("结清证明", "App");

        ChannelContent wechat = templates.render(NoticeEvent.LOAN_SETTLED, "en", Channel.WECHAT, params);
        assertThat(wechat.wechatTemplate().parameters()).containsEntry("keyword1", "LN-7K3Q9X2M4TBW")
                .containsEntry("keyword2", "2025-06-30").containsKeys("first", "remark");
        assertThat(wechat.body()).startsWith("Dear 张伟,");

        ChannelContent push = templates.render(NoticeEvent.LOAN_SETTLED, "en", Channel.PUSH, params);
        assertThat(push.subject()).isEqualTo("Settlement notice: your car loan LN-7K3Q9X2M4TBW is fully settled");
        assertThat(push.body()).contains("LN-7K3Q9X2M4TBW").hasSizeLessThanOrEqualTo(100);

        ChannelContent email = templates.render(NoticeEvent.LOAN_SETTLED, "zh-CN", Channel.EMAIL, params);
        NoticeTemplates.Rendered notice = templates.render(NoticeEvent.LOAN_SETTLED, "zh-CN", params);
        assertThat(email).isEqualTo(ChannelContent.text(notice.subject(), notice.body()));
        assertThat(templates.render(NoticeEvent.LOAN_SETTLED, "zh-CN", Channel.IN_APP, params)).isEqualTo(email);
    }

    @Test
    void givenReversedPaymentWithTheBanksLongReason_whenRendered_thenOnlyTheFullTextCarriesItAndShortChannelsFit() {
        NoticeTemplates templates = new NoticeTemplates();
        String reason = "银行退票：付款账户余额不足（退票代码R01），请核对账户后重新付款。".repeat(8);
        Map<String, String> params = Map.of("name", "张伟", "loanId", "LN-7K3Q9X2M4TBW",
                "vehicle", "Volkswagen Lavida", "vin", "LSVAU2180N2183294", "amount", "3366.72",
                "paidDate", "2025-05-15", "reversalReason", reason, "amountDue", "3417.22", "dueDate", "2025-04-15",
                "remainingTotal", "97212.40");

        NoticeTemplates.Rendered notice = templates.render(NoticeEvent.REPAYMENT_REVERSED, "zh-CN", params);
        assertThat(notice.body()).contains(reason).contains("3417.22").contains("97212.40");

        ChannelContent sms = templates.render(NoticeEvent.REPAYMENT_REVERSED, "zh-CN", Channel.SMS, params);
        assertThat(sms.smsTemplate().templateId()).isEqualTo("SMS_480015");
        assertThat(sms.smsTemplate().parameters()).containsEntry("owed", "3417.22").containsEntry("due", "2025-04-15");
        assertThat(sms.body()).doesNotContain("R01");
        assertThat(templates.render(NoticeEvent.REPAYMENT_REVERSED, "en", Channel.PUSH, params).body())
                .contains("3417.22").hasSizeLessThanOrEqualTo(NoticeTemplates.PUSH_LIMIT.get("en"));
        assertThat(templates.render(NoticeEvent.REPAYMENT_REVERSED, "en", Channel.WECHAT, params)
                .wechatTemplate().parameters()).containsEntry("keyword4", "CNY 3417.22 by 2025-04-15");
    }

    @Test
    void givenRejectionReasonCode_whenRenderedForShortChannels_thenTheShortLabelIsUsedEverywhere() {
        NoticeTemplates templates = new NoticeTemplates();
        Map<String, String> params = Map.of("name", "Wei Zhang", "loanId", "LN-1", "vehicle", "VW Lavida",
                "vin", "LSVAU2180N2183294", "reason", "INCOME_MISMATCH");

        ChannelContent sms = templates.render(NoticeEvent.APPLICATION_REJECTED, "en", Channel.SMS, params);
        assertThat(sms.body()).contains("income could not be verified").doesNotContain("INCOME_MISMATCH");
        assertThat(sms.smsTemplate().parameters().get("reason")).isEqualTo("income could not be verified");
        assertThat(templates.render(NoticeEvent.APPLICATION_REJECTED, "zh-CN", Channel.WECHAT, params)
                .wechatTemplate().parameters().get("keyword3")).isEqualTo("收入信息与核实结果不一致");
        assertThat(templates.render(NoticeEvent.APPLICATION_REJECTED, "zh-CN", Channel.PUSH, params).body())
                .contains("收入信息与核实结果不一致");
        assertThat(templates.render(NoticeEvent.APPLICATION_REJECTED, "en", Channel.EMAIL, params).body())
                .contains("the income information provided does not match what we could verify");
    }

    @Test
    void givenTemplateWithoutSmsText_whenLoading_thenRefusedNamingFileLanguageAndChannel() throws IOException {
        copyShippedTemplates();
        edit("LOAN_SETTLED.yaml", "(?m)^  sms: .*\\n(?=  push: \"Your car loan)", "");

        assertThatThrownBy(() -> new NoticeTemplates("file:" + dir + "/*.yaml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LOAN_SETTLED.yaml (en, SMS) lacks the sms text")
                .hasMessageNotContaining("(zh-CN, SMS)");
    }

    @Test
    void givenSmsTemplateCodeTheGatewayHasNotApproved_whenLoading_thenRefusedNamingFileAndCode() throws IOException {
        copyShippedTemplates();
        edit("REPAYMENT_DUE.yaml", "code: SMS_480008", "code: SMS_480099");

        assertThatThrownBy(() -> new NoticeTemplates("file:" + dir + "/*.yaml"))
                .hasMessageContaining("REPAYMENT_DUE.yaml (zh-CN, SMS) uses SMS template SMS_480099, which is not in "
                        + "sms-approved-templates.yaml");
    }

    @Test
    void givenSmsTemplateUsingAParameterItsApprovedCodeLacks_whenLoading_thenRefusedNamingFileCodeAndParameter()
            throws IOException {
        copyShippedTemplates();
        edit("LOAN_SETTLED.yaml", "(?m)^(      date: \"\\{settledDate}\"\\n)(  wechatTemplate:)",
                "$1      vehicle: \"{vehicle}\"\n$2");

        assertThatThrownBy(() -> new NoticeTemplates("file:" + dir + "/*.yaml"))
                .hasMessageContaining("LOAN_SETTLED.yaml (zh-CN, SMS) uses parameter vehicle in SMS template "
                        + "SMS_480012, which its approved code does not have");
    }

    @Test
    void givenSmsTemplateMissingAnApprovedParameter_whenLoading_thenRefusedNamingFileCodeAndParameter()
            throws IOException {
        copyShippedTemplates();
        edit("LOAN_SETTLED.yaml", "(?m)^      date: \"\\{settledDate}\"\\n", "");

        assertThatThrownBy(() -> new NoticeTemplates("file:" + dir + "/*.yaml"))
                .hasMessageContaining("LOAN_SETTLED.yaml (zh-CN, SMS) does not pass parameter date, which approved "
                        + "SMS template SMS_480012 requires")
                .hasMessageContaining("LOAN_SETTLED.yaml (en, SMS) does not pass parameter date, which approved "
                        + "SMS template SMS_480062 requires");
    }

    @Test
    void givenOverLongSmsText_whenLoading_thenRefusedNamingFileLanguageAndLimit() throws IOException {
        copyShippedTemplates();
        edit("OVERPAYMENT_REFUND.yaml", "(?m)^(  sms: \"尊敬的\\{name}，)",
                "$1" + "感谢您一直以来对我们的信任与支持，".repeat(4));

        assertThatThrownBy(() -> new NoticeTemplates("file:" + dir + "/*.yaml"))
                .hasMessageContaining("OVERPAYMENT_REFUND.yaml (zh-CN, SMS) sms text is up to")
                .hasMessageContaining("at most 130 can be sent (140 less 10 for the gateway's signature)");
    }

    @Test
    void givenSmsTemplateParameterLongerThanTheGatewayTakes_whenLoading_thenRefused() throws IOException {
        copyShippedTemplates();
        edit("APPLICATION_REJECTED.yaml", "(?m)^      INCOME_MISMATCH: \"income could not be verified\"",
                "      INCOME_MISMATCH: \"the income you declared could not be verified\"");

        assertThatThrownBy(() -> new NoticeTemplates("file:" + dir + "/*.yaml"))
                .hasMessageContaining("APPLICATION_REJECTED.yaml (en, SMS) smsTemplate SMS_480055 param reason is up "
                        + "to 45 characters; the gateway accepts at most 35");
    }

    @Test
    void givenWechatTemplateUsingAParameterItsEventLacks_whenLoading_thenRefusedNamingFileLanguageAndField()
            throws IOException {
        copyShippedTemplates();
        edit("REPAYMENT_RECEIVED.yaml", "(?m)^      keyword3: \"\\{paidDate}\"$", "      keyword3: \"{receivedOn}\"");

        assertThatThrownBy(() -> new NoticeTemplates("file:" + dir + "/*.yaml"))
                .hasMessageContaining("REPAYMENT_RECEIVED.yaml (zh-CN, WECHAT: wechatTemplate.data.keyword3) uses "
                        + "parameter {receivedOn}, which event REPAYMENT_RECEIVED does not provide")
                .hasMessageContaining("REPAYMENT_RECEIVED.yaml (en, WECHAT: wechatTemplate.data.keyword3)");
    }

    @Test
    void givenNoRegistryOfApprovedSmsTemplates_whenLoading_thenRefusedOnce() throws IOException {
        copyShippedTemplates();
        Files.delete(dir.resolve(NoticeTemplates.SMS_APPROVED_TEMPLATES));

        assertThatThrownBy(() -> new NoticeTemplates("file:" + dir + "/*.yaml"))
                .hasMessageContaining("no sms-approved-templates.yaml")
                .hasMessageNotContaining("which is not in");
    }

    private static Map<String, String> placeholders() {
        Map<String, String> params = new HashMap<>();
        for (NoticeEvent event : NoticeEvent.values()) {
            event.parameters().forEach(p -> params.put(p, "<" + p + ">"));
        }
        return params;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> approvedTemplates() throws IOException {
        try (InputStream in = new ClassPathResource("templates/notices/sms-approved-templates.yaml").getInputStream()) {
            return new Yaml().load(in);
        }
    }

    private static String gatewayRendering(String content, Map<String, String> parameters) {
        Matcher matcher = Pattern.compile("\\$\\{(\\w+)}").matcher(content);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(parameters.get(matcher.group(1))));
        }
        return matcher.appendTail(out).toString();
    }

    private void edit(String file, String regex, String replacement) throws IOException {
        Path path = dir.resolve(file);
        String before = Files.readString(path);
        String after = before.replaceAll(regex, replacement);
        assertThat(after).as("edit of " + file).isNotEqualTo(before);
        Files.writeString(path, after);
    }

    private void copyShippedTemplates() throws IOException {
        for (Resource resource : new PathMatchingResourcePatternResolver()
                .getResources("classpath*:templates/notices/*.yaml")) {
            try (InputStream in = resource.getInputStream()) {
                Files.copy(in, dir.resolve(resource.getFilename()));
            }
        }
    }
}
