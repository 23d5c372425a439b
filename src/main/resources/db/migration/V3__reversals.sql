-- Reversals (a bounced bank transfer): the account is rebuilt from the schedule and the payments that stand, so each
-- instalment keeps the interest it was scheduled with (an early payoff lowers the current figure).
alter table instalment add column scheduled_interest numeric(19, 2);
update instalment set scheduled_interest = interest;
alter table instalment alter column scheduled_interest set not null;

alter table repayment add column reversed_at timestamp with time zone;
alter table repayment add column reversal_reason varchar(300);
