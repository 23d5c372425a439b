-- LoanFlow's own tables. They live beside Camunda's ACT_* tables in the same database, so a domain
-- write and the engine state that goes with it commit in one transaction.
-- Portable SQL: the same script runs on PostgreSQL (production) and H2 (single-machine default).

create table borrower (
    id                 varchar(40)  not null primary key,
    name               varchar(100) not null,
    id_number          varchar(18)  not null,
    language           varchar(10)  not null,
    preferred_channels varchar(100) not null,
    time_zone          varchar(40)  not null,
    created_at         timestamp with time zone not null
);
create index borrower_id_number_idx on borrower (id_number);

-- One row per channel address; IN_APP needs no address (the borrower id is the address).
create table borrower_contact (
    borrower_id varchar(40)  not null references borrower (id),
    channel     varchar(10)  not null,
    address     varchar(320) not null,
    status      varchar(20)  not null,
    updated_at  timestamp with time zone not null,
    primary key (borrower_id, channel)
);

create table loan (
    id                         varchar(40)   not null primary key,
    borrower_id                varchar(40)   not null references borrower (id),
    status                     varchar(30)   not null,
    settlement_state           varchar(30)   not null,
    vehicle_vin                varchar(17)   not null,
    vehicle_make               varchar(60)   not null,
    vehicle_model              varchar(60)   not null,
    vehicle_price              numeric(19, 2) not null,
    principal                  numeric(19, 2) not null,
    term_months                integer       not null,
    annual_rate                numeric(9, 6) not null,
    repayment_method           varchar(20)   not null,
    declared_monthly_income    numeric(19, 2) not null,
    early_repayment_fee_rate   numeric(9, 6) not null,
    penalty_daily_rate         numeric(9, 6) not null,
    credit_score               integer,
    credit_record              varchar(10),
    verified_monthly_income    numeric(19, 2),
    vehicle_ownership_verified boolean,
    credit_checked_at          timestamp with time zone,
    risk_decision              varchar(20),
    risk_reason                varchar(60),
    contract_signed_at         timestamp with time zone,
    disbursed_at               timestamp with time zone,
    disbursement_reference     varchar(100),
    overpaid_amount            numeric(19, 2) not null default 0,
    settled_at                 timestamp with time zone,
    certificate_number         varchar(40),
    certificate_issued_at      timestamp with time zone,
    certificate_ledger_hash    varchar(64),
    lien_release_reference     varchar(100),
    lien_released_at           timestamp with time zone,
    closed_at                  timestamp with time zone,
    process_instance_id        varchar(64),
    created_at                 timestamp with time zone not null,
    updated_at                 timestamp with time zone not null
);
create index loan_borrower_idx on loan (borrower_id);

create table instalment (
    loan_id            varchar(40)   not null references loan (id),
    number             integer       not null,
    due_date           date          not null,
    principal          numeric(19, 2) not null,
    interest           numeric(19, 2) not null,
    fees               numeric(19, 2) not null default 0,
    penalties          numeric(19, 2) not null default 0,
    principal_paid     numeric(19, 2) not null default 0,
    interest_paid      numeric(19, 2) not null default 0,
    fees_paid          numeric(19, 2) not null default 0,
    penalties_paid     numeric(19, 2) not null default 0,
    penalty_accrued_to date,
    reminder_sent_at   timestamp with time zone,
    overdue_since      timestamp with time zone,
    primary key (loan_id, number)
);

create table repayment (
    id                 varchar(40)   not null primary key,
    loan_id            varchar(40)   not null references loan (id),
    transaction_id     varchar(64)   not null,
    amount             numeric(19, 2) not null,
    paid_at            timestamp with time zone not null,
    channel            varchar(30)   not null,
    principal_applied  numeric(19, 2) not null,
    interest_applied   numeric(19, 2) not null,
    fees_applied       numeric(19, 2) not null,
    penalties_applied  numeric(19, 2) not null,
    overpaid_applied   numeric(19, 2) not null,
    early_payoff       boolean       not null,
    early_repayment_fee_charged numeric(19, 2) not null,
    penalties_charged  numeric(19, 2) not null,
    created_at         timestamp with time zone not null,
    constraint repayment_transaction_uk unique (transaction_id)
);
create index repayment_loan_idx on repayment (loan_id);

-- Append-only: each entry's hash covers the previous entry's hash and the entry's canonical form.
create table ledger_entry (
    loan_id       varchar(40)   not null references loan (id),
    sequence      integer       not null,
    entry_type    varchar(30)   not null,
    amount        numeric(19, 2) not null,
    reference     varchar(64)   not null,
    booked_at     timestamp with time zone not null,
    details       varchar(1000) not null,
    previous_hash varchar(64)   not null,
    hash          varchar(64)   not null,
    primary key (loan_id, sequence)
);

-- Who decided what and when, for every human step (review, refund, lien release, follow-up, collections).
create table task_audit (
    id                  varchar(40)  not null primary key,
    loan_id             varchar(40)  not null references loan (id),
    task_id             varchar(64)  not null,
    task_definition_key varchar(100) not null,
    task_name           varchar(200) not null,
    completed_by        varchar(100),
    outcome             varchar(60),
    details             varchar(4000),
    completed_at        timestamp with time zone not null
);
create index task_audit_loan_idx on task_audit (loan_id);

create table notice (
    id                  varchar(40)   not null primary key,
    loan_id             varchar(40)   not null references loan (id),
    borrower_id         varchar(40)   not null references borrower (id),
    event               varchar(40)   not null,
    status              varchar(30)   not null,
    language            varchar(10)   not null,
    template_version    integer       not null,
    subject             varchar(300)  not null,
    body                varchar(4000) not null,
    reference           varchar(64),
    process_instance_id varchar(64),
    created_at          timestamp with time zone not null,
    confirmed_at        timestamp with time zone
);
create index notice_loan_idx on notice (loan_id, created_at);

create table notice_attempt (
    id                  varchar(40)   not null primary key,
    notice_id           varchar(40)   not null references notice (id),
    channel             varchar(10)   not null,
    provider            varchar(40)   not null,
    address             varchar(320)  not null,
    status              varchar(30)   not null,
    content_hash        varchar(64)   not null,
    provider_message_id varchar(100),
    created_at          timestamp with time zone not null,
    sent_at             timestamp with time zone,
    delivered_at        timestamp with time zone,
    failure_reason      varchar(500)
);
create index notice_attempt_notice_idx on notice_attempt (notice_id);

-- What the sandbox providers were asked to send (GET /api/sandbox/outbox).
create table sandbox_message (
    id          varchar(40)   not null primary key,
    attempt_id  varchar(40)   not null,
    loan_id     varchar(40)   not null,
    notice_id   varchar(40)   not null,
    event       varchar(40)   not null,
    channel     varchar(10)   not null,
    provider    varchar(40)   not null,
    address     varchar(320)  not null,
    subject     varchar(300)  not null,
    body        varchar(4000) not null,
    created_at  timestamp with time zone not null,
    constraint sandbox_message_attempt_uk unique (attempt_id)
);
create index sandbox_message_loan_idx on sandbox_message (loan_id, created_at);
