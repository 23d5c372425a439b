package com.loanflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.MonitoringFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The files docker-compose.yml hands to Prometheus and Grafana fit together: the compose file mounts files that
 * exist, Prometheus scrapes every LoanFlow node and loads the alert rules, each rule says how bad it is and what to
 * do, and the dashboard queries the provisioned data source. (Which metrics they use is checked against a real
 * scrape in ProviderMonitoringDeliveryIT; {@code docker-compose config} and {@code promtool} check the syntax.)
 */
class MonitoringFilesTest {

    @Test
    @SuppressWarnings("unchecked")
    void givenTheComposeFile_whenItsMountsAreRead_thenEachMountedFileIsInTheRepositoryAndEachNodeIsScraped() {
        Map<String, Object> services = (Map<String, Object>) MonitoringFiles.yaml(MonitoringFiles.COMPOSE)
                .get("services");

        assertThat(services).containsKeys("postgres", "loanflow-1", "loanflow-2", "prometheus", "grafana");
        List<String> mounted = new ArrayList<>();
        for (String service : List.of("prometheus", "grafana")) {
            for (String volume : (List<String>) ((Map<String, Object>) services.get(service)).get("volumes")) {
                String source = volume.split(":")[0];
                if (source.startsWith("./")) {
                    mounted.add(source);
                    assertThat(Path.of(source)).as(volume).exists();
                }
            }
        }
        assertThat(mounted).contains("./src/main/docker/prometheus/alerts.yml",
                "./src/main/docker/grafana/provisioning", "./src/main/docker/grafana/dashboards");

        Map<String, Object> prometheus = MonitoringFiles.yaml(MonitoringFiles.PROMETHEUS);
        assertThat((List<String>) prometheus.get("rule_files")).containsExactly("/etc/prometheus/alerts.yml");
        Map<String, Object> loanflow = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).stream()
                .filter(job -> "loanflow".equals(job.get("job_name"))).findFirst().orElseThrow();
        assertThat(loanflow.get("metrics_path")).isEqualTo("/actuator/prometheus");
        Set<String> nodes = new TreeSet<>(services.keySet());
        nodes.removeIf(name -> !name.startsWith("loanflow-"));
        List<String> targets = (List<String>) ((List<Map<String, Object>>) loanflow.get("static_configs")).get(0)
                .get("targets");
        assertThat(targets).containsExactlyInAnyOrderElementsOf(nodes.stream().map(n -> n + ":8080").toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void givenTheAlertRules_whenRead_thenEachHasASeverityASummaryAndADescription() {
        List<Map<String, Object>> rules = MonitoringFiles.alertRules();

        assertThat(rules).extracting(rule -> rule.get("alert")).contains("NoticeDeliveryFailureRateHigh",
                "SmsFailoverActive", "EscalationsPastSla", "IncidentsOpen", "JobBacklogGrowing");
        for (Map<String, Object> rule : rules) {
            assertThat((Map<String, Object>) rule.get("labels")).as(rule.get("alert").toString())
                    .containsKey("severity");
            assertThat((Map<String, Object>) rule.get("annotations")).as(rule.get("alert").toString())
                    .containsKeys("summary", "description");
        }
    }

    @Test
    void givenTheDashboard_whenRead_thenEveryPanelQueriesTheProvisionedPrometheus() {
        String uid = datasourceUid();
        JsonNode dashboard = MonitoringFiles.dashboard();

        assertThat(dashboard.path("uid").asText()).isEqualTo("loanflow-overview");
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        assertThat(panels).filteredOn(panel -> !panel.path("type").asText().equals("row")).allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo(uid);
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty()
                    .allSatisfy(target -> assertThat(target.path("expr").asText()).isNotBlank());
        });
        assertThat(MonitoringFiles.metricsUsed()).contains("loanflow_notice_attempts_total",
                "loanflow_notice_failover_total", "loanflow_tasks_overdue", "loanflow_escalations_open", "loanflow_jobs_backlog",
                "loanflow_incidents_open");
    }

    @Test
    @SuppressWarnings("unchecked")
    void givenTheDashboardProvider_whenRead_thenItLoadsTheDirectoryComposeMountsTheDashboardsInto() throws Exception {
        Map<String, Object> provider = ((List<Map<String, Object>>) MonitoringFiles
                .yaml(MonitoringFiles.DASHBOARD_PROVIDERS).get("providers")).get(0);

        assertThat(((Map<String, Object>) provider.get("options")).get("path")).isEqualTo("/etc/grafana/dashboards");
        assertThat(Files.readString(MonitoringFiles.COMPOSE))
                .contains("./src/main/docker/grafana/dashboards:/etc/grafana/dashboards:ro");
    }

    @SuppressWarnings("unchecked")
    private static String datasourceUid() {
        return (String) ((List<Map<String, Object>>) MonitoringFiles.yaml(MonitoringFiles.DATASOURCES)
                .get("datasources")).get(0).get("uid");
    }
}
