-- PostgreSQL guards the proof of notice and the repayment ledger against edits through LoanFlow's own connection:
-- what was sent, to whom, and what came back stays as it was written. (The ledger is also hash-chained, so an edit
-- made around this guard is still detected.)

create function loanflow_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% rows are append-only', tg_table_name;
end;
$$;

create trigger notice_receipt_no_delete before delete on notice_receipt
    for each row execute function loanflow_refuse_change();

-- The one change a receipt allows: linking it to its attempt once, when it arrived before the send recorded the
-- provider's message id.
create function loanflow_receipt_match_only() returns trigger language plpgsql as $$
begin
    if old.attempt_id is not null or new.id is distinct from old.id or new.provider is distinct from old.provider
        or new.provider_message_id is distinct from old.provider_message_id or new.outcome is distinct from old.outcome
        or new.detail is distinct from old.detail or new.occurred_at is distinct from old.occurred_at
        or new.received_at is distinct from old.received_at or new.event_id is distinct from old.event_id then
        raise exception 'notice_receipt rows are append-only';
    end if;
    return new;
end;
$$;

create trigger notice_receipt_append_only before update on notice_receipt
    for each row execute function loanflow_receipt_match_only();

create trigger ledger_entry_append_only before update or delete on ledger_entry
    for each row execute function loanflow_refuse_change();

-- An attempt's state moves on (sent, delivered…), but its content, address and hash never change.
create function loanflow_keep_attempt_content() returns trigger language plpgsql as $$
begin
    if new.body is distinct from old.body or new.subject is distinct from old.subject
        or new.template_reference is distinct from old.template_reference
        or new.content_hash is distinct from old.content_hash or new.address is distinct from old.address
        or new.channel is distinct from old.channel or new.notice_id is distinct from old.notice_id then
        raise exception 'notice_attempt content is append-only';
    end if;
    return new;
end;
$$;

create trigger notice_attempt_content_fixed before update on notice_attempt
    for each row execute function loanflow_keep_attempt_content();

create trigger notice_attempt_no_delete before delete on notice_attempt
    for each row execute function loanflow_refuse_change();
