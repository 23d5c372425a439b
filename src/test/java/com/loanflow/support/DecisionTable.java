package com.loanflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * One decision table of {@code dmn/} on the standalone DMN engine, reporting which rule matched, plus a way to run it
 * on a real process engine to prove the engine accepts the model.
 */
public final class DecisionTable {

    private final List<String> matchedRuleIds = new ArrayList<>();
    private final DmnEngine engine;
    private final DmnDecision decision;

    /** The matched rule (null when none matched) and its outputs. */
    public record Evaluation(String ruleId, DmnDecisionRuleResult result) {

        public String output(String name) {
            return result == null ? null : result.getEntry(name);
        }
    }

    private DecisionTable(String resource, String decisionKey) {
        DefaultDmnEngineConfiguration configuration =
                (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        configuration.customPostDecisionTableEvaluationListeners(List.of(event -> event.getMatchingRules().stream()
                .map(DmnEvaluatedDecisionRule::getId).forEach(matchedRuleIds::add)));
        engine = configuration.buildEngine();
        try (InputStream model = DecisionTable.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(model).as("%s on the classpath", resource).isNotNull();
            decision = engine.parseDecision(decisionKey, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DecisionTable load(String resource, String decisionKey) {
        return new DecisionTable(resource, decisionKey);
    }

    /** Evaluates the table; a FIRST hit policy table must match at most one rule. */
    public Evaluation evaluate(VariableMap variables) {
        matchedRuleIds.clear();
        DmnDecisionTableResult result = engine.evaluateDecisionTable(decision, variables);
        assertThat(matchedRuleIds).as("rules matched under hit policy FIRST").hasSizeLessThanOrEqualTo(1);
        return new Evaluation(matchedRuleIds.isEmpty() ? null : matchedRuleIds.get(0), result.getSingleResult());
    }

    /** Deploys the resource to a fresh in-memory process engine (full history) and hands it to {@code test}. */
    public static void onProcessEngine(String resource, Consumer<ProcessEngine> test) {
        String name = "dmn-" + UUID.randomUUID();
        ProcessEngine processEngine = ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
                .setProcessEngineName(name)
                .setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1")
                .setJobExecutorActivate(false)
                .setHistory(ProcessEngineConfiguration.HISTORY_FULL)
                .buildProcessEngine();
        try {
            processEngine.getRepositoryService().createDeployment().name(resource).addClasspathResource(resource).deploy();
            test.accept(processEngine);
        } finally {
            processEngine.close();
        }
    }
}
