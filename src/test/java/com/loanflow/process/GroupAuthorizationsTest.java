package com.loanflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The engine rights of each group, on an engine of its own with authorization checks on, as in production. */
class GroupAuthorizationsTest {

    private static ProcessEngine engine;
    private static AuthorizationService authorizations;

    @BeforeAll
    static void engineWithTheGrants() {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
                .createStandaloneInMemProcessEngineConfiguration()
                .setProcessEngineName("group-authorizations-test")
                .setJdbcUrl("jdbc:h2:mem:group-authorizations-test;DB_CLOSE_DELAY=-1")
                .setAuthorizationEnabled(true);
        configuration.setGroupResourceWhitelistPattern("[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*");
        engine = configuration.buildProcessEngine();
        authorizations = engine.getAuthorizationService();
        GroupAuthorizations.apply(authorizations);
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @ParameterizedTest(name = "{0}: {1} on {2} {3} → {4}")
    @CsvSource({
        "risk-officers,      ACCESS,         APPLICATION,        tasklist,       true",
        "customer-service,   ACCESS,         APPLICATION,        tasklist,       true",
        "customer-service,   ACCESS,         APPLICATION,        cockpit,        false",
        "loan-servicing,     ACCESS,         APPLICATION,        admin,          false",
        "risk-officers,      READ,           FILTER,             any-filter-id,  true",
        "risk-officers,      READ,           PROCESS_DEFINITION, loan-lifecycle, true",
        "risk-officers,      READ_INSTANCE,  PROCESS_DEFINITION, loan-lifecycle, false",
        "risk-officers,      READ_TASK,      PROCESS_DEFINITION, loan-lifecycle, false",
        "risk-officers,      READ,           DEPLOYMENT,         any,            false",
        "servicing-managers, ACCESS,         APPLICATION,        cockpit,        true",
        "risk-managers,      READ_INSTANCE,  PROCESS_DEFINITION, loan-lifecycle, true",
        "risk-managers,      READ_HISTORY,   PROCESS_DEFINITION, notify-borrower, true",
        "servicing-managers, UPDATE_INSTANCE, PROCESS_DEFINITION, loan-lifecycle, false",
        "servicing-managers, DELETE_INSTANCE, PROCESS_DEFINITION, loan-lifecycle, false",
        "servicing-managers, CREATE,         DEPLOYMENT,         any,            false",
        "integration,        ACCESS,         APPLICATION,        tasklist,       false",
        "integration,        READ,           PROCESS_DEFINITION, loan-lifecycle, false",
        "monitoring,         ACCESS,         APPLICATION,        cockpit,        false",
        "camunda-admin,      CREATE,         DEPLOYMENT,         any,            true"
    })
    void givenAGroup_whenTheEngineChecksAPermission_thenGrantedExactlyForTheGroupsWork(String group, String permission,
            Resources resource, String resourceId, boolean granted) {
        assertThat(authorizations.isUserAuthorized("someone", List.of(group), permission(permission, resource),
                resource, resourceId)).isEqualTo(granted);
    }

    @Test
    void givenTheGrantsAlreadyThere_whenStartingAgain_thenNothingDuplicatedAndAnAdministratorsAdditionsKept() {
        Authorization tasklist = authorizations.createAuthorizationQuery().groupIdIn("customer-service")
                .resourceType(Resources.APPLICATION).resourceId("tasklist").singleResult();
        tasklist.addPermission(Permissions.ALL);
        authorizations.saveAuthorization(tasklist);
        long before = authorizations.createAuthorizationQuery().count();

        GroupAuthorizations.apply(authorizations);

        assertThat(authorizations.createAuthorizationQuery().count()).isEqualTo(before);
        assertThat(authorizations.isUserAuthorized("agent", List.of("customer-service"), Permissions.ALL,
                Resources.APPLICATION, "cockpit")).as("ALL on tasklist only").isFalse();
        assertThat(authorizations.createAuthorizationQuery().groupIdIn("customer-service")
                .resourceType(Resources.APPLICATION).resourceId("tasklist").singleResult()
                .isPermissionGranted(Permissions.ALL)).isTrue();
    }

    private static Permission permission(String name, Resource resource) {
        return resource == Resources.PROCESS_DEFINITION ? ProcessDefinitionPermissions.valueOf(name)
                : Permissions.valueOf(name);
    }
}
