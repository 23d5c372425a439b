package com.loanflow.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The shipped templates cover every event in both languages, and broken template sets are refused at start-up. */
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

    private void copyShippedTemplates() throws IOException {
        for (Resource resource : new PathMatchingResourcePatternResolver()
                .getResources("classpath*:templates/notices/*.yaml")) {
            try (InputStream in = resource.getInputStream()) {
                Files.copy(in, dir.resolve(resource.getFilename()));
            }
        }
    }
}
