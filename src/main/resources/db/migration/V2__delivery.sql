-- Multi-channel delivery: plans, attempts with their rendered content, and receipts (proof of notice, D11).

alter table borrower add column quiet_hours_start time;
alter table borrower add column quiet_hours_end time;
-- Channels the borrower opted out of; regulatory notices ignore opt-outs.
alter table borrower add column opted_out_channels varchar(100) default '' not null;
alter table borrower_contact add column invalid_reason varchar(300);

-- The template parameters as they were when the notice was raised (JSON), so every channel says the same thing.
alter table notice add column parameters varchar(4000);
alter table notice add column plan_revision integer default 0 not null;
-- Decided per event by the notice policy: delivery alone does not confirm a notice that needs a read acknowledgement.
alter table notice add column read_ack_required boolean default false not null;
alter table notice add column delivered_at timestamp with time zone;
alter table notice add column read_at timestamp with time zone;
alter table notice add column escalated_at timestamp with time zone;
alter table notice add column resolved_by varchar(100);

-- The channel plan of each planning round (a re-plan after corrected contacts is a new revision).
create table delivery_step (
    notice_id            varchar(40) not null references notice (id),
    plan_revision        integer     not null,
    step                 integer     not null,
    channel              varchar(10) not null,
    confirmation_timeout varchar(30) not null,
    primary key (notice_id, plan_revision, step)
);

alter table notice_attempt add column plan_revision integer default 0 not null;
alter table notice_attempt add column step integer default 0 not null;
alter table notice_attempt add column try_number integer default 1 not null;
alter table notice_attempt add column subject varchar(300);
alter table notice_attempt add column body varchar(4000) default '' not null;
-- Gateway template reference (SMS template code, WeChat template id) and its parameter values, as JSON.
alter table notice_attempt add column template_reference varchar(2000);
alter table notice_attempt add column masked_address varchar(320) default '' not null;
alter table notice_attempt add column confirmation_deadline timestamp with time zone;
create index notice_attempt_message_idx on notice_attempt (provider, provider_message_id);

-- Every receipt as it arrived. attempt_id stays null for a receipt whose message is not known yet (it arrived before
-- the send recorded the provider's message id); it is matched when the send commits.
create table notice_receipt (
    id                  varchar(40)  not null primary key,
    attempt_id          varchar(40)  references notice_attempt (id),
    provider            varchar(40)  not null,
    provider_message_id varchar(100),
    outcome             varchar(30)  not null,
    detail              varchar(500),
    occurred_at         timestamp with time zone,
    received_at         timestamp with time zone not null,
    event_id            varchar(200) not null,
    constraint notice_receipt_event_uk unique (provider, event_id)
);
create index notice_receipt_attempt_idx on notice_receipt (attempt_id);
create index notice_receipt_message_idx on notice_receipt (provider, provider_message_id);
