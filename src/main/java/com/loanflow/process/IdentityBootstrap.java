package com.loanflow.process;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates LoanFlow's groups, their engine authorizations and the first administrator while the engine is built,
 * before the web server accepts a request, so the webapps' "create the first admin" page is never open. The password
 * comes from {@code LOANFLOW_ADMIN_PASSWORD}; without it a random one is generated and logged once, at the first
 * start. The metrics scraper's user is created only when {@code LOANFLOW_MONITORING_PASSWORD} is set.
 */
@Component
class IdentityBootstrap extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);

    /** Group id → name. camunda-admin is Camunda's own administrators group. */
    static final Map<String, String> GROUPS = Map.of(
            ProcessConstants.GROUP_INTEGRATION, "Integration systems",
            ProcessConstants.GROUP_RISK_OFFICERS, "Risk officers",
            ProcessConstants.GROUP_RISK_MANAGERS, "Risk managers",
            ProcessConstants.GROUP_CUSTOMER_SERVICE, "Customer service",
            ProcessConstants.GROUP_LOAN_SERVICING, "Loan servicing back office",
            ProcessConstants.GROUP_SERVICING_MANAGERS, "Servicing managers",
            ProcessConstants.GROUP_CAMUNDA_ADMIN, "Camunda administrators",
            ProcessConstants.GROUP_MONITORING, "Monitoring (metrics scraper)");

    private static final int BOOTSTRAP_ATTEMPTS = 10;

    private final String adminUserId;
    private final String adminPassword;
    private final String monitoringUserId;
    private final String monitoringPassword;

    IdentityBootstrap(@Value("${loanflow.admin.user-id:admin}") String adminUserId,
                      @Value("${loanflow.admin.password:}") String adminPassword,
                      @Value("${loanflow.monitoring.user-id:prometheus}") String monitoringUserId,
                      @Value("${loanflow.monitoring.password:}") String monitoringPassword) {
        this.adminUserId = adminUserId;
        this.adminPassword = adminPassword;
        this.monitoringUserId = monitoringUserId;
        this.monitoringPassword = monitoringPassword;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        // Nodes starting together on an empty database race to create the same groups, users and grants. Every step
        // looks before it creates, so the node that lost a race looks again and finds the other node's rows.
        for (int attempt = 1; ; attempt++) {
            try {
                bootstrap(engine);
                return;
            } catch (ProcessEngineException e) {
                if (attempt == BOOTSTRAP_ATTEMPTS) {
                    throw e;
                }
                log.info("Setting up groups and users met another node doing the same ({}); looking again",
                        e.getMessage());
                pauseBeforeLookingAgain();
            }
        }
    }

    /** A random pause, so nodes that collided do not march in step into the next collision. */
    private static void pauseBeforeLookingAgain() {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(20, 200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up groups and users", e);
        }
    }

    private void bootstrap(ProcessEngine engine) {
        IdentityService identity = engine.getIdentityService();
        GROUPS.forEach((id, name) -> ensureGroup(identity, id, name));
        ensureAdministrator(identity);
        ensureMonitoringUser(identity);
        GroupAuthorizations.apply(engine.getAuthorizationService());
    }

    private static void ensureGroup(IdentityService identity, String id, String name) {
        if (identity.createGroupQuery().groupId(id).count() == 0) {
            Group group = identity.newGroup(id);
            group.setName(name);
            // Camunda's convention: SYSTEM groups run the installation, WORKFLOW groups take tasks.
            boolean system = ProcessConstants.GROUP_CAMUNDA_ADMIN.equals(id) || ProcessConstants.GROUP_MONITORING.equals(id);
            group.setType(system ? "SYSTEM" : "WORKFLOW");
            identity.saveGroup(group);
        }
    }

    private void ensureAdministrator(IdentityService identity) {
        User existing = identity.createUserQuery().userId(adminUserId).singleResult();
        if (existing == null) {
            boolean generated = adminPassword == null || adminPassword.isBlank();
            String password = generated ? randomPassword() : adminPassword;
            User admin = identity.newUser(adminUserId);
            admin.setFirstName("LoanFlow");
            admin.setLastName("Administrator");
            admin.setPassword(password);
            identity.saveUser(admin);
            if (generated) {
                log.warn("Created administrator '{}' with the generated password: {}  "
                        + "(shown only this once; set LOANFLOW_ADMIN_PASSWORD to choose it)", adminUserId, password);
            } else {
                log.info("Created administrator '{}' with the password from LOANFLOW_ADMIN_PASSWORD", adminUserId);
            }
        } else if (adminPassword != null && !adminPassword.isBlank() && !identity.checkPassword(adminUserId, adminPassword)) {
            existing.setPassword(adminPassword);
            identity.saveUser(existing);
            log.info("Administrator '{}' password reset from LOANFLOW_ADMIN_PASSWORD", adminUserId);
        }
        if (identity.createUserQuery().userId(adminUserId).memberOfGroup(ProcessConstants.GROUP_CAMUNDA_ADMIN).count() == 0) {
            identity.createMembership(adminUserId, ProcessConstants.GROUP_CAMUNDA_ADMIN);
        }
    }

    /** The scraper's password is a secret of the deployment: without one there is no scraper user to guess at. */
    private void ensureMonitoringUser(IdentityService identity) {
        if (monitoringPassword == null || monitoringPassword.isBlank()) {
            return;
        }
        User existing = identity.createUserQuery().userId(monitoringUserId).singleResult();
        if (existing == null) {
            User scraper = identity.newUser(monitoringUserId);
            scraper.setFirstName("Metrics");
            scraper.setLastName("Scraper");
            scraper.setPassword(monitoringPassword);
            identity.saveUser(scraper);
            log.info("Created monitoring user '{}' with the password from LOANFLOW_MONITORING_PASSWORD",
                    monitoringUserId);
        } else if (!identity.checkPassword(monitoringUserId, monitoringPassword)) {
            existing.setPassword(monitoringPassword);
            identity.saveUser(existing);
            log.info("Monitoring user '{}' password reset from LOANFLOW_MONITORING_PASSWORD", monitoringUserId);
        }
        if (identity.createUserQuery().userId(monitoringUserId).memberOfGroup(ProcessConstants.GROUP_MONITORING)
                .count() == 0) {
            identity.createMembership(monitoringUserId, ProcessConstants.GROUP_MONITORING);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
