package com.loanflow.process;

import static com.loanflow.process.ProcessConstants.GROUP_CAMUNDA_ADMIN;
import static com.loanflow.process.ProcessConstants.GROUP_CUSTOMER_SERVICE;
import static com.loanflow.process.ProcessConstants.GROUP_LOAN_SERVICING;
import static com.loanflow.process.ProcessConstants.GROUP_RISK_MANAGERS;
import static com.loanflow.process.ProcessConstants.GROUP_RISK_OFFICERS;
import static com.loanflow.process.ProcessConstants.GROUP_SERVICING_MANAGERS;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;

/**
 * What each group may do in the engine, that is in the engine REST API, Tasklist, Cockpit and Admin, with the
 * engine's authorization checks on. Granted on every start and only ever added to, so an administrator's extra
 * grants in Admin survive a restart.
 *
 * <p>Tasks are not in this table: the engine grants each candidate group READ and TASK_WORK on the tasks it is a
 * candidate for when the task is created ({@code defaultUserPermissionNameForTask}), so a group sees and completes
 * its own tasks and no one else's. {@code integration} and {@code monitoring} have no engine rights: LoanFlow's API
 * and the actuator are all they use.
 */
final class GroupAuthorizations {

    static final List<String> STAFF = List.of(GROUP_RISK_OFFICERS, GROUP_RISK_MANAGERS, GROUP_CUSTOMER_SERVICE,
            GROUP_LOAN_SERVICING, GROUP_SERVICING_MANAGERS);
    static final List<String> MANAGERS = List.of(GROUP_RISK_MANAGERS, GROUP_SERVICING_MANAGERS);

    /** One grant: these permissions on one resource (or every resource of the type, {@code *}) for one group. */
    record Grant(String groupId, Resource resource, String resourceId, List<Permission> permissions) {
    }

    private GroupAuthorizations() {
    }

    static List<Grant> grants() {
        List<Grant> grants = new ArrayList<>();
        for (String staff : STAFF) {
            // Staff work in Tasklist, which opens on the "All tasks" filter. A filter is a saved query: the tasks it
            // lists are still checked one by one, so reading every filter shows no task the group may not see.
            grants.add(new Grant(staff, Resources.APPLICATION, "tasklist", List.of(Permissions.ACCESS)));
            grants.add(new Grant(staff, Resources.FILTER, Authorization.ANY, List.of(Permissions.READ)));
            // Tasklist names the process a task belongs to and shows its diagram; that is all staff read of it.
            for (String process : List.of(ProcessConstants.LOAN_LIFECYCLE, ProcessConstants.NOTIFY_BORROWER)) {
                grants.add(new Grant(staff, Resources.PROCESS_DEFINITION, process,
                        List.of(ProcessDefinitionPermissions.READ)));
            }
        }
        for (String manager : MANAGERS) {
            // Managers watch running loans, incidents, escalations and decisions in Cockpit, read-only: retrying
            // jobs, moving tokens and cancelling instances is the administrators' (operators') work.
            grants.add(new Grant(manager, Resources.APPLICATION, "cockpit", List.of(Permissions.ACCESS)));
            grants.add(new Grant(manager, Resources.PROCESS_DEFINITION, Authorization.ANY, List.of(
                    ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
                    ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.READ_HISTORY)));
            grants.add(new Grant(manager, Resources.DECISION_DEFINITION, Authorization.ANY,
                    List.of(Permissions.READ, Permissions.READ_HISTORY)));
            grants.add(new Grant(manager, Resources.DECISION_REQUIREMENTS_DEFINITION, Authorization.ANY,
                    List.of(Permissions.READ)));
            grants.add(new Grant(manager, Resources.DEPLOYMENT, Authorization.ANY, List.of(Permissions.READ)));
        }
        // camunda-admin is the engine's administrators group and passes every check anyway; the explicit grants
        // show in Admin's authorization pages what the group may do.
        for (Resources resource : Resources.values()) {
            grants.add(new Grant(GROUP_CAMUNDA_ADMIN, resource, Authorization.ANY, List.of(Permissions.ALL)));
        }
        return grants;
    }

    /** Adds whatever of {@link #grants()} is missing; an existing grant keeps the permissions it has beyond them. */
    static void apply(AuthorizationService authorizations) {
        for (Grant grant : grants()) {
            Authorization authorization = authorizations.createAuthorizationQuery()
                    .authorizationType(Authorization.AUTH_TYPE_GRANT)
                    .groupIdIn(grant.groupId())
                    .resourceType(grant.resource())
                    .resourceId(grant.resourceId())
                    .singleResult();
            boolean changed = authorization == null;
            if (authorization == null) {
                authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                authorization.setGroupId(grant.groupId());
                authorization.setResource(grant.resource());
                authorization.setResourceId(grant.resourceId());
            }
            for (Permission permission : grant.permissions()) {
                if (!authorization.isPermissionGranted(permission)) {
                    authorization.addPermission(permission);
                    changed = true;
                }
            }
            if (changed) {
                authorizations.saveAuthorization(authorization);
            }
        }
    }
}
