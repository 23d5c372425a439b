package com.loanflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * LoanFlow: every car loan, from application to settlement, runs as a Camunda 7 process so that
 * no borrower is left without word of what happened to their loan.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LoanFlowApplication {

    public static void main(String[] args) {
        SpringApplication.run(LoanFlowApplication.class, args);
    }
}
