package com.loanflow.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring files docker-compose.yml loads: Prometheus's configuration and alert rules, Grafana's provisioning
 * and the LoanFlow dashboard, read from the working copy as the containers get them.
 */
public final class MonitoringFiles {

    public static final Path DOCKER = Path.of("src/main/docker");
    public static final Path COMPOSE = Path.of("docker-compose.yml");
    public static final Path PROMETHEUS = DOCKER.resolve("prometheus/prometheus.yml");
    public static final Path ALERTS = DOCKER.resolve("prometheus/alerts.yml");
    public static final Path DATASOURCES = DOCKER.resolve("grafana/provisioning/datasources/prometheus.yml");
    public static final Path DASHBOARD_PROVIDERS = DOCKER.resolve("grafana/provisioning/dashboards/loanflow.yml");
    public static final Path DASHBOARD = DOCKER.resolve("grafana/dashboards/loanflow.json");

    /**
     * Metric names as Prometheus sees them, of the families LoanFlow exports: its own, and Spring Boot's JVM,
     * HTTP and connection pool metrics. Names Prometheus makes itself ({@code up}) are not among them.
     */
    private static final Pattern METRIC = Pattern.compile(
            "\\b(?:loanflow|jvm|http_server|hikaricp|process|system|executor)_[a-z0-9_]+");

    private MonitoringFiles() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> yaml(Path file) {
        return (Map<String, Object>) new Yaml().load(read(file));
    }

    public static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(read(DASHBOARD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every rule of every group in the alert rules file. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> alertRules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) yaml(ALERTS).get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    /** The PromQL of every dashboard panel's queries. */
    public static List<String> dashboardQueries() {
        List<String> queries = new ArrayList<>();
        dashboard().path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> queries.add(target.path("expr").asText())));
        return queries;
    }

    /** The LoanFlow, JVM, HTTP and pool metrics the alert rules and the dashboard query. */
    public static Set<String> metricsUsed() {
        Set<String> names = new TreeSet<>();
        alertRules().forEach(rule -> names.addAll(metricNames(String.valueOf(rule.get("expr")))));
        dashboardQueries().forEach(query -> names.addAll(metricNames(query)));
        return names;
    }

    static Set<String> metricNames(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher metric = METRIC.matcher(promql);
        while (metric.find()) {
            names.add(metric.group());
        }
        return names;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
