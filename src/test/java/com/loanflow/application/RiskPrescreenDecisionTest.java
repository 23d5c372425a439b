package com.loanflow.application;

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
 * The risk-prescreen decision table, evaluated on the standalone DMN engine. Every case starts from
 * an applicant who meets all criteria and changes only what the case is about.
 */
class RiskPrescreenDecisionTest {

    private static final String DMN_RESOURCE = "dmn/risk-prescreen.dmn";
    private static final String DECISION_KEY = "risk-prescreen";

    private static final DecisionTable TABLE = DecisionTable.load(DMN_RESOURCE, DECISION_KEY);

    private record Outcome(String ruleId, String decision, String reason) {}


    @ParameterizedTest(name = "[{index}] score={0} record={1} income={2} dti={3} ltv={4} vehicle={5} -> {6}")
    @CsvSource(textBlock = """
            # score, record, incomeRatio, debtToIncome, loanToValue, vehicleVerified, rule,                            decision,      reason
            720,     GOOD,   1.0,         0.30,         0.60,        true,            Rule_MeetsCriteria,              APPROVE,       MEETS_CRITERIA
            720,     POOR,   1.0,         0.30,         0.60,        true,            Rule_PoorCreditRecord,           REJECT,        CREDIT_RECORD
            400,     POOR,   0.5,         0.90,         0.95,        false,           Rule_PoorCreditRecord,           REJECT,        CREDIT_RECORD
            549,     GOOD,   1.0,         0.30,         0.60,        true,            Rule_CreditScoreTooLow,          REJECT,        CREDIT_RECORD
            549,     GOOD,   0.5,         0.30,         0.60,        true,            Rule_CreditScoreTooLow,          REJECT,        CREDIT_RECORD
            720,     GOOD,   0.69,        0.30,         0.60,        true,            Rule_IncomeMismatch,             REJECT,        INCOME_MISMATCH
            720,     GOOD,   0.7,         0.30,         0.60,        true,            Rule_MeetsCriteria,              APPROVE,       MEETS_CRITERIA
            720,     GOOD,   1.3,         0.30,         0.60,        true,            Rule_MeetsCriteria,              APPROVE,       MEETS_CRITERIA
            720,     GOOD,   1.0,         0.51,         0.60,        true,            Rule_DebtToIncomeTooHigh,        REJECT,        DEBT_TO_INCOME
            720,     GOOD,   1.0,         0.51,         0.90,        true,            Rule_DebtToIncomeTooHigh,        REJECT,        DEBT_TO_INCOME
            720,     GOOD,   1.0,         0.5,          0.60,        true,            Rule_HighDebtToIncome,           MANUAL_REVIEW, HIGH_DEBT_TO_INCOME
            720,     GOOD,   1.0,         0.41,         0.60,        true,            Rule_HighDebtToIncome,           MANUAL_REVIEW, HIGH_DEBT_TO_INCOME
            720,     GOOD,   1.0,         0.4,          0.60,        true,            Rule_MeetsCriteria,              APPROVE,       MEETS_CRITERIA
            720,     GOOD,   1.0,         0.30,         0.81,        true,            Rule_LoanToValueTooHigh,         REJECT,        LOAN_TO_VALUE
            720,     GOOD,   1.0,         0.30,         0.90,        false,           Rule_LoanToValueTooHigh,         REJECT,        LOAN_TO_VALUE
            720,     GOOD,   1.0,         0.30,         0.8,         true,            Rule_MeetsCriteria,              APPROVE,       MEETS_CRITERIA
            720,     GOOD,   1.0,         0.30,         0.60,        false,           Rule_VehicleOwnershipUnverified, MANUAL_REVIEW, VEHICLE_OWNERSHIP_DOUBT
            600,     GOOD,   1.0,         0.45,         0.60,        false,           Rule_VehicleOwnershipUnverified, MANUAL_REVIEW, VEHICLE_OWNERSHIP_DOUBT
            550,     GOOD,   1.0,         0.30,         0.60,        true,            Rule_BorderlineCreditScore,      MANUAL_REVIEW, BORDERLINE_CREDIT_SCORE
            649,     GOOD,   1.0,         0.30,         0.60,        true,            Rule_BorderlineCreditScore,      MANUAL_REVIEW, BORDERLINE_CREDIT_SCORE
            600,     GOOD,   1.0,         0.45,         0.60,        true,            Rule_BorderlineCreditScore,      MANUAL_REVIEW, BORDERLINE_CREDIT_SCORE
            650,     GOOD,   1.0,         0.30,         0.60,        true,            Rule_MeetsCriteria,              APPROVE,       MEETS_CRITERIA
            650,     GOOD,   0.7,         0.4,          0.8,         true,            Rule_MeetsCriteria,              APPROVE,       MEETS_CRITERIA
            """)
    void givenApplicant_whenPrescreening_thenFirstMatchingRuleGivesDecisionAndReason(
            int creditScore, String creditRecord, double incomeRatio, double debtToIncome, double loanToValue,
            boolean vehicleOwnershipVerified, String expectedRule, String expectedDecision, String expectedReason) {
        Outcome outcome = evaluate(applicant(
                creditScore, creditRecord, incomeRatio, debtToIncome, loanToValue, vehicleOwnershipVerified));

        assertThat(outcome).isEqualTo(new Outcome(expectedRule, expectedDecision, expectedReason));
    }

    @ParameterizedTest(name = "[{index}] dti={0} ltv={1} income={2} -> {3}")
    @CsvSource(textBlock = """
            # debtToIncome, loanToValue, incomeRatio, rule
            0.500,          0.600,       1.000,       Rule_HighDebtToIncome
            0.400,          0.800,       0.700,       Rule_MeetsCriteria
            0.5000001,      0.600,       1.000,       Rule_DebtToIncomeTooHigh
            0.400,          0.8000001,   1.000,       Rule_LoanToValueTooHigh
            0.400,          0.800,       0.6999999,   Rule_IncomeMismatch
            """)
    void givenRatiosComputedAsBigDecimal_whenPrescreening_thenBoundariesHoldRegardlessOfScale(
            BigDecimal debtToIncome, BigDecimal loanToValue, BigDecimal incomeRatio, String expectedRule) {
        Outcome outcome = evaluate(applicant(720, "GOOD", incomeRatio, debtToIncome, loanToValue, true));

        assertThat(outcome.ruleId()).isEqualTo(expectedRule);
    }

    @ParameterizedTest(name = "[{index}] {0} = {1} -> manual review")
    @CsvSource(textBlock = """
            # fact,                    value
            creditScore,               <null>
            creditRecord,              <null>
            creditRecord,              poor
            incomeRatio,               <null>
            debtToIncome,              <null>
            loanToValue,               <null>
            vehicleOwnershipVerified,  <null>
            """, nullValues = "<null>")
    void givenMissingOrUnrecognisedFact_whenPrescreening_thenApplicationGoesToManualReviewNotApproval(
            String fact, String value) {
        VariableMap facts = applicant(720, "GOOD", 1.0, 0.30, 0.60, true);
        facts.putValue(fact, value);

        Outcome outcome = evaluate(facts);

        assertThat(outcome).isEqualTo(new Outcome("Rule_IncompleteFacts", "MANUAL_REVIEW", "INCOMPLETE_FACTS"));
    }

    @Test
    void givenDecisionDeployedToProcessEngine_whenEvaluatedByKey_thenEngineAcceptsModelAndRecordsMatchedRule() {
        DecisionTable.onProcessEngine(DMN_RESOURCE, processEngine -> {

            DmnDecisionTableResult result = processEngine.getDecisionService()
                    .evaluateDecisionTableByKey(DECISION_KEY)
                    .variables(applicant(600, "GOOD", 1.0, 0.3, 0.6, true))
                    .evaluate();

            assertThat(result.getSingleResult().getEntryMap())
                    .containsEntry("decision", "MANUAL_REVIEW")
                    .containsEntry("reason", "BORDERLINE_CREDIT_SCORE");
            DecisionDefinition definition = processEngine.getRepositoryService().createDecisionDefinitionQuery()
                    .decisionDefinitionKey(DECISION_KEY)
                    .singleResult();
            assertThat(definition.getName()).isEqualTo("Risk prescreen");
            assertThat(definition.getHistoryTimeToLive()).isEqualTo(180);
            HistoricDecisionInstance evaluation = processEngine.getHistoryService().createHistoricDecisionInstanceQuery()
                    .decisionDefinitionKey(DECISION_KEY)
                    .includeOutputs()
                    .singleResult();
            assertThat(evaluation.getOutputs())
                    .extracting(HistoricDecisionOutputInstance::getRuleId)
                    .containsOnly("Rule_BorderlineCreditScore");
        });
    }

    private static VariableMap applicant(int creditScore, String creditRecord, Object incomeRatio,
                                         Object debtToIncome, Object loanToValue, boolean vehicleOwnershipVerified) {
        return Variables.createVariables()
                .putValue("creditScore", creditScore)
                .putValue("creditRecord", creditRecord)
                .putValue("incomeRatio", incomeRatio)
                .putValue("debtToIncome", debtToIncome)
                .putValue("loanToValue", loanToValue)
                .putValue("vehicleOwnershipVerified", vehicleOwnershipVerified);
    }

    private static Outcome evaluate(VariableMap variables) {
        DecisionTable.Evaluation evaluation = TABLE.evaluate(variables);
        return new Outcome(evaluation.ruleId(), evaluation.output("decision"), evaluation.output("reason"));
    }
}
