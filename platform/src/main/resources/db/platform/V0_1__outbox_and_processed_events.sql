-- Shared by every service (platform module): the transactional outbox and the processed-event log.
create table outbox_event (
    id          bigserial primary key,
    event_id    varchar(64)  not null unique,
    topic       varchar(128) not null,
    record_key  varchar(128) not null,
    event_type  varchar(128) not null,
    payload     text         not null,
    created_at  timestamptz  not null default now(),
    sent_at     timestamptz
);
create index outbox_event_pending on outbox_event (id) where sent_at is null;

create table processed_event (
    consumer     varchar(128) not null,
    event_id     varchar(128) not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);
