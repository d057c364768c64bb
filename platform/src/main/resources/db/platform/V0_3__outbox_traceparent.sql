-- The W3C traceparent of the span that wrote the event (pl.ksefhub.platform.outbox.Outbox); the relay sends it as
-- the record's traceparent header, so one trace goes from a request through the outbox to every consumer.
alter table outbox_event add column if not exists traceparent varchar(64);
