-- Upstream submissions (topic ksef.submissions). Each is assigned to its context's open event session: a
-- ksef_session row (type Online, as KSeF clients see it) that session-service opened itself, marked here.
create table event_session (
    reference_number     varchar(36)  primary key references ksef_session (reference_number),
    context_type         varchar(16)  not null,
    context_value        varchar(64)  not null,
    form_system_code     varchar(32)  not null,
    form_schema_version  varchar(16)  not null,
    form_value           varchar(16)  not null,
    submission_count     int          not null default 0,
    opened_at            timestamptz  not null,
    last_assigned_at     timestamptz  not null,
    open                 boolean      not null default true
);
-- At most one open event session per context and form code, even if two consumers raced to open one.
create unique index event_session_one_open
    on event_session (context_type, context_value, form_system_code, form_schema_version, form_value) where open;
-- The idle sweep looks only at open event sessions.
create index event_session_idle on event_session (last_assigned_at) where open;

-- One row per submission: the correlation id is unique, so a redelivery under a new event id is not assigned twice.
create table submission (
    correlation_id            varchar(256) primary key,
    session_reference_number  varchar(36)  not null references ksef_session (reference_number),
    context_type              varchar(16)  not null,
    context_value             varchar(64)  not null,
    event_id                  varchar(128) not null,
    source                    varchar(128),
    assigned_at               timestamptz  not null
);
create index submission_session on submission (session_reference_number);
