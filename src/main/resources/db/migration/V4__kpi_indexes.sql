-- The KPI report's range queries (GET /api/reports/kpi, /actuator/prometheus): settled loans by payoff time, each
-- loan's settlement notices, and notices and attempts by the time they were raised.
create index loan_settled_at_idx on loan (settled_at);
create index notice_event_loan_idx on notice (event, loan_id);
create index notice_created_at_idx on notice (created_at);
create index notice_attempt_created_at_idx on notice_attempt (created_at);
