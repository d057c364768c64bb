-- A batch close that still misses the news of a declared part asks invoice-service, which has the parts, which of
-- them it stored (batch-parts-check-requested); its answer (batch.parts-checked) is recorded here and the close
-- refuses with 21205 or goes on from it (pl.ksefhub.session.batch.PartsChecks). One row per close that asked: a
-- retried close asks again, so an answer is never taken for a later state of the parts.
create table batch_parts_check (
    check_id                 varchar(36) primary key,
    session_reference_number varchar(36) not null references ksef_session (reference_number),
    requested_at             timestamptz not null,
    -- Null until invoice-service answers.
    answered_at              timestamptz,
    -- The lowest declared part invoice-service had not stored when it answered; null: it had them all.
    lowest_missing_ordinal   int
);
create index batch_parts_check_session on batch_parts_check (session_reference_number);
