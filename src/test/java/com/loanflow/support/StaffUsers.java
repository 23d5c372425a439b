package com.loanflow.support;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

/** The people the integration tests act as, one per group, created in the engine's identity service. */
public final class StaffUsers {

    public static final String PASSWORD = "s3cret-Test-pw";
    public static final String INTEGRATOR = "corebanking";
    public static final String RISK_OFFICER = "officer";
    public static final String RISK_MANAGER = "riskmanager";
    public static final String SERVICING = "backoffice";
    public static final String CUSTOMER_SERVICE = "agent";
    public static final String SERVICING_MANAGER = "servicemanager";
    /** The Prometheus scraper, created by LoanFlow itself from {@code loanflow.monitoring.password} (= PASSWORD). */
    public static final String MONITORING = "prometheus";

    private StaffUsers() {
    }

    public static void ensure(IdentityService identity) {
        ensure(identity, INTEGRATOR, "integration");
        ensure(identity, RISK_OFFICER, "risk-officers");
        ensure(identity, RISK_MANAGER, "risk-managers");
        ensure(identity, SERVICING, "loan-servicing");
        ensure(identity, CUSTOMER_SERVICE, "customer-service");
        ensure(identity, SERVICING_MANAGER, "servicing-managers");
    }

    private static void ensure(IdentityService identity, String userId, String group) {
        if (identity.createUserQuery().userId(userId).count() == 0) {
            User user = identity.newUser(userId);
            user.setFirstName(userId);
            user.setLastName("Test");
            user.setPassword(PASSWORD);
            identity.saveUser(user);
            identity.createMembership(userId, group);
        }
    }
}
