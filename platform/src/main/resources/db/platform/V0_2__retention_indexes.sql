-- Retention (pl.ksefhub.platform.retention.Retention) deletes the oldest published outbox rows and processed-event
-- ids in small batches: these indexes find them without a scan of either table.
create index if not exists outbox_event_sent_at on outbox_event (sent_at) where sent_at is not null;
create index if not exists processed_event_processed_at on processed_event (processed_at);
