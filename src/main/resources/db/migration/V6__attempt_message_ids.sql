-- A provider's message id names one attempt: receipts find their attempt by it. The in-app message center used the
-- notice id, so a second in-app attempt of a notice matched two rows; those take their attempt id.
update notice_attempt set provider_message_id = id where provider = 'in-app';
drop index notice_attempt_message_idx;
create unique index notice_attempt_message_uk on notice_attempt (provider, provider_message_id);
