package com.loanflow.notice;

import com.loanflow.borrower.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.springframework.stereotype.Component;

/**
 * Records the channel plan that {@code dmn/notification-channel-plan.dmn} decided, as the business rule task's
 * output mapping {@code ${deliveryPlans.record(noticeId, readAckRequired, decisionResult)}}: the rows become the
 * numbered steps of a new plan revision, in the decided rank (the borrower's preferences first).
 */
@Component("deliveryPlans")
public class DeliveryPlans {

    private final NoticeRepository notices;
    private final SendStates sendStates;

    DeliveryPlans(NoticeRepository notices, SendStates sendStates) {
        this.notices = notices;
        this.sendStates = sendStates;
    }

    private record Row(Channel channel, double rank, Duration confirmationTimeout) {
    }

    /** @return the number of steps planned */
    public int record(String noticeId, Boolean readAckRequired, DmnDecisionResult decision) {
        List<Row> rows = new ArrayList<>();
        for (DmnDecisionResultEntries entries : decision) {
            Map<String, Object> row = entries.getEntryMap();
            rows.add(new Row(Channel.valueOf((String) row.get("channel")), ((Number) row.get("rank")).doubleValue(),
                    Duration.parse((String) row.get("confirmationTimeout"))));
        }
        rows.sort(Comparator.comparingDouble(Row::rank).thenComparing(Row::channel));
        List<DeliveryStep> steps = new ArrayList<>();
        for (Row row : rows) {
            if (steps.stream().noneMatch(s -> s.channel() == row.channel())) {
                steps.add(new DeliveryStep(steps.size() + 1, row.channel(), row.confirmationTimeout()));
            }
        }
        // An attempt of the replaced plan that its send job never claimed stays unsent (the job was deleted with it).
        sendStates.cancelQueued(noticeId);
        notices.newPlanRevision(noticeId, Boolean.TRUE.equals(readAckRequired), steps);
        return steps.size();
    }
}
