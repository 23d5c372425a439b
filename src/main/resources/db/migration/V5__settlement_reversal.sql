-- Reversals after settlement (issue 10).

-- A reversal that reopens a settled loan revokes its settlement certificate: the certificate's ledger hash no longer
-- describes the ledger, and a re-settled loan gets a new one. The revoked ones stay here, so staff checking a paper
-- copy by its verification code can tell a revoked certificate from a forged one.
create table revoked_certificate (
    loan_id            varchar(40)  not null references loan (id),
    certificate_number varchar(40)  not null,
    ledger_hash        varchar(64)  not null,
    issued_at          timestamp with time zone not null,
    revoked_at         timestamp with time zone not null,
    reason             varchar(300) not null
);
create index revoked_certificate_loan_idx on revoked_certificate (loan_id);

-- A LOAN_SETTLED notice whose settlement a reversal undid is withdrawn: its delivery and SLA end, and it counts
-- neither as lost nor as late. Why, and when, is kept with it.
alter table notice add column withdrawn_at timestamp with time zone;
alter table notice add column withdrawal_reason varchar(300);

-- A reversal reported after the lien was released does not reopen the loan by itself: the vehicle's mortgage is
-- already cancelled, so the servicing managers decide (Tasklist: Task_ReviewLateReversal). The report waits here
-- until they do; who decided is in task_audit.
create table reversal_review (
    repayment_id varchar(40)  not null primary key references repayment (id),
    loan_id      varchar(40)  not null references loan (id),
    reversed_at  timestamp with time zone not null,
    reason       varchar(300) not null,
    requested_at timestamp with time zone not null,
    decision     varchar(20),
    decided_at   timestamp with time zone
);
create index reversal_review_loan_idx on reversal_review (loan_id);
