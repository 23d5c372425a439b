package com.loanflow.process;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates LoanFlow's staff groups and the first administrator while the engine is built, before the web server
 * accepts a request, so the webapps' "create the first admin" page is never open. The password comes from
 * {@code LOANFLOW_ADMIN_PASSWORD}; without it a random one is generated and logged once, at the first start.
 */
@Component
class IdentityBootstrap extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);

    /** Group id → (name, type). camunda-admin is Camunda's own administrators group. */
    static final Map<String, String> GROUPS = Map.of(
            ProcessConstants.GROUP_INTEGRATION, "Integration systems",
            ProcessConstants.GROUP_RISK_OFFICERS, "Risk officers",
            ProcessConstants.GROUP_RISK_MANAGERS, "Risk managers",
            ProcessConstants.GROUP_CUSTOMER_SERVICE, "Customer service",
            ProcessConstants.GROUP_LOAN_SERVICING, "Loan servicing back office",
            ProcessConstants.GROUP_SERVICING_MANAGERS, "Servicing managers",
            ProcessConstants.GROUP_CAMUNDA_ADMIN, "Camunda administrators");

    private final String adminUserId;
    private final String adminPassword;

    IdentityBootstrap(@Value("${loanflow.admin.user-id:admin}") String adminUserId,
                      @Value("${loanflow.admin.password:}") String adminPassword) {
        this.adminUserId = adminUserId;
        this.adminPassword = adminPassword;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        IdentityService identity = engine.getIdentityService();
        GROUPS.forEach((id, name) -> ensureGroup(identity, id, name));
        ensureAdministrator(identity);
        grantAdministratorsEverything(engine.getAuthorizationService());
    }

    private static void ensureGroup(IdentityService identity, String id, String name) {
        if (identity.createGroupQuery().groupId(id).count() == 0) {
            Group group = identity.newGroup(id);
            group.setName(name);
            group.setType(ProcessConstants.GROUP_CAMUNDA_ADMIN.equals(id) ? "SYSTEM" : "WORKFLOW");
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

    private static void grantAdministratorsEverything(AuthorizationService authorizations) {
        for (Resource resource : Resources.values()) {
            boolean granted = authorizations.createAuthorizationQuery()
                    .groupIdIn(ProcessConstants.GROUP_CAMUNDA_ADMIN)
                    .resourceType(resource)
                    .resourceId(Authorization.ANY)
                    .count() > 0;
            if (!granted) {
                Authorization all = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                all.setGroupId(ProcessConstants.GROUP_CAMUNDA_ADMIN);
                all.setResource(resource);
                all.setResourceId(Authorization.ANY);
                all.addPermission(Permissions.ALL);
                authorizations.saveAuthorization(all);
            }
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
