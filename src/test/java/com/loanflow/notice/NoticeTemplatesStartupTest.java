package com.loanflow.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.loanflow.LoanFlowApplication;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The application itself refuses to start on a template the SMS gateway would reject, and does so before it touches
 * the database or starts the process engine.
 */
class NoticeTemplatesStartupTest {

    @TempDir
    Path brokenDir;

    @Test
    void givenTemplateUsingAParameterItsApprovedSmsCodeLacks_whenTheApplicationStarts_thenItRefusesBeforeTheDatabase()
            throws IOException, SQLException {
        copyShippedTemplates();
        Path file = brokenDir.resolve("REPAYMENT_DUE.yaml");
        String template = Files.readString(file);
        Files.writeString(file, template.replaceFirst("(?m)^(      date: \"\\{dueDate}\"\\n)",
                "$1      vehicle: \"{vehicle}\"\n"));
        String database = "jdbc:h2:mem:broken-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

        // Command-line arguments, not builder properties: those are defaults, which application.yaml overrides.
        assertThatThrownBy(() -> new SpringApplicationBuilder(LoanFlowApplication.class).run(
                "--loanflow.notice.templates=file:" + brokenDir + "/",
                "--spring.datasource.url=" + database,
                "--server.port=0",
                "--loanflow.admin.password=x-Admin-pw-1",
                "--camunda.bpm.job-execution.enabled=false").close())
                .satisfies(refused -> assertThat(NestedExceptionUtils.getMostSpecificCause(refused))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("REPAYMENT_DUE.yaml (zh-CN, SMS) uses parameter vehicle in SMS template "
                                + "SMS_480008, which its approved code does not have"));

        try (Connection connection = DriverManager.getConnection(database, "sa", "");
             ResultSet tables = connection.getMetaData().getTables(null, "PUBLIC", "%", null)) {
            List<String> created = new ArrayList<>();
            while (tables.next()) {
                created.add(tables.getString("TABLE_NAME"));
            }
            assertThat(created).as("tables migrated or created by the engine before the refusal").isEmpty();
        }
    }

    private void copyShippedTemplates() throws IOException {
        for (Resource resource : new PathMatchingResourcePatternResolver()
                .getResources("classpath*:templates/notices/*.yaml")) {
            try (InputStream in = resource.getInputStream()) {
                Files.copy(in, brokenDir.resolve(resource.getFilename()));
            }
        }
    }
}
