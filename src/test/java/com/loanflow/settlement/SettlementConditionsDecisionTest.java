package com.loanflow.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.loanflow.support.DecisionTable;
import java.math.BigDecimal;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The settlement-conditions decision table, evaluated on the standalone DMN engine with the money
 * amounts as {@link BigDecimal}, the way the ledger hands them over.
 */
class SettlementConditionsDecisionTest {

    private static final String DMN_RESOURCE = "dmn/settlement-conditions.dmn";
    private static final String DECISION_KEY = "settlement-conditions";

    private static final DecisionTable TABLE = DecisionTable.load(DMN_RESOURCE, DECISION_KEY);

    private record Outcome(String ruleId, String settlementState, String nextAction) {}


    @ParameterizedTest(name = "[{index}] principal={0} interest={1} fees={2} penalties={3} overpaid={4} -> {5}")
    @CsvSource(textBlock = """
            # principal, interest, fees,  penalties, overpaid, rule,                      state,               action
            12000.00,    350.00,   20.00, 0.00,      0.00,     Rule_PrincipalOutstanding, NOT_SETTLED,         CONTINUE_REPAYMENT
            0.01,        0.00,     0.00,  0.00,      0.00,     Rule_PrincipalOutstanding, NOT_SETTLED,         CONTINUE_REPAYMENT
            0.01,        0.00,     0.00,  0.00,      50.00,    Rule_PrincipalOutstanding, NOT_SETTLED,         CONTINUE_REPAYMENT
            0.00,        12.50,    0.00,  0.00,      0.00,     Rule_InterestOutstanding,  PARTIALLY_SETTLED,   NOTIFY_REMAINING
            0.00,        12.50,    30.00, 5.00,      0.00,     Rule_InterestOutstanding,  PARTIALLY_SETTLED,   NOTIFY_REMAINING
            0.00,        0.00,     30.00, 0.00,      0.00,     Rule_FeesOutstanding,      PARTIALLY_SETTLED,   NOTIFY_REMAINING
            0.00,        0.00,     30.00, 5.00,      0.00,     Rule_FeesOutstanding,      PARTIALLY_SETTLED,   NOTIFY_REMAINING
            0.00,        0.00,     0.00,  0.01,      0.00,     Rule_PenaltiesOutstanding, PARTIALLY_SETTLED,   NOTIFY_REMAINING
            0.00,        0.00,     0.00,  5.00,      80.00,    Rule_PenaltiesOutstanding, PARTIALLY_SETTLED,   NOTIFY_REMAINING
            0.00,        0.00,     0.00,  0.00,      0.01,     Rule_Overpaid,             OVERPAID,            REFUND_OVERPAYMENT
            0.00,        0.00,     0.00,  0.00,      199.99,   Rule_Overpaid,             OVERPAID,            REFUND_OVERPAYMENT
            0.00,        0.00,     0.00,  0.00,      0.00,     Rule_FullySettled,         SETTLED,             ISSUE_CERTIFICATE
            0,           0,        0,     0,         0,        Rule_FullySettled,         SETTLED,             ISSUE_CERTIFICATE
            """)
    void givenLedgerBalances_whenDecidingSettlement_thenFirstMatchingRuleGivesStateAndNextAction(
            BigDecimal principal, BigDecimal interest, BigDecimal fees, BigDecimal penalties, BigDecimal overpaid,
            String expectedRule, String expectedState, String expectedAction) {
        Outcome outcome = evaluate(balances(principal, interest, fees, penalties, overpaid));

        assertThat(outcome).isEqualTo(new Outcome(expectedRule, expectedState, expectedAction));
    }

    @Test
    void givenZeroBalancesWithLedgerScale_whenDecidingSettlement_thenScaleDoesNotMatterAndLoanIsSettled() {
        // BigDecimal("0.0000").equals(BigDecimal.ZERO) is false in Java; the double typeRef makes both plain zero.
        BigDecimal zero = new BigDecimal("0.0000");

        Outcome outcome = evaluate(balances(zero, zero, zero, zero, zero));

        assertThat(outcome).isEqualTo(new Outcome("Rule_FullySettled", "SETTLED", "ISSUE_CERTIFICATE"));
    }

    @Test
    void givenDecisionDeployedToProcessEngine_whenEvaluatedByKey_thenEngineAcceptsModelAndRecordsMatchedRule() {
        DecisionTable.onProcessEngine(DMN_RESOURCE, processEngine -> {

            DmnDecisionTableResult result = processEngine.getDecisionService()
                    .evaluateDecisionTableByKey(DECISION_KEY)
                    .variables(balances(new BigDecimal("0.00"), new BigDecimal("0.00"), new BigDecimal("0.00"),
                            new BigDecimal("0.00"), new BigDecimal("150.00")))
                    .evaluate();

            assertThat(result.getSingleResult().getEntryMap())
                    .containsEntry("settlementState", "OVERPAID")
                    .containsEntry("nextAction", "REFUND_OVERPAYMENT");
            DecisionDefinition definition = processEngine.getRepositoryService().createDecisionDefinitionQuery()
                    .decisionDefinitionKey(DECISION_KEY)
                    .singleResult();
            assertThat(definition.getName()).isEqualTo("Settlement conditions");
            assertThat(definition.getHistoryTimeToLive()).isEqualTo(180);
            HistoricDecisionInstance evaluation = processEngine.getHistoryService().createHistoricDecisionInstanceQuery()
                    .decisionDefinitionKey(DECISION_KEY)
                    .includeOutputs()
                    .singleResult();
            assertThat(evaluation.getOutputs())
                    .extracting(HistoricDecisionOutputInstance::getRuleId)
                    .containsOnly("Rule_Overpaid");
        });
    }

    private static VariableMap balances(BigDecimal principal, BigDecimal interest, BigDecimal fees,
                                        BigDecimal penalties, BigDecimal overpaid) {
        return Variables.createVariables()
                .putValue("outstandingPrincipal", principal)
                .putValue("outstandingInterest", interest)
                .putValue("outstandingFees", fees)
                .putValue("outstandingPenalties", penalties)
                .putValue("overpaidAmount", overpaid);
    }

    private static Outcome evaluate(VariableMap variables) {
        DecisionTable.Evaluation evaluation = TABLE.evaluate(variables);
        return new Outcome(evaluation.ruleId(), evaluation.output("settlementState"), evaluation.output("nextAction"));
    }
}
