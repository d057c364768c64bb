-- Sessions (online now, batch and event sessions later) and the counters fed by invoice-service's events.
create table ksef_session (
    reference_number          varchar(36)  primary key,
    session_type              varchar(16)  not null,
    context_type              varchar(16)  not null,
    context_value             varchar(64)  not null,
    created_by                varchar(128),
    auth_reference_number     varchar(36),
    ksef_token_reference      varchar(36),
    auth_document_hash        varchar(64),
    form_system_code          varchar(32)  not null,
    form_schema_version       varchar(16)  not null,
    form_value                varchar(16)  not null,
    status_code               int          not null,
    status_description        varchar(256) not null,
    status_details            text,
    created_at                timestamptz  not null,
    updated_at                timestamptz  not null,
    closed_at                 timestamptz,
    valid_until               timestamptz  not null,
    invoice_count             int          not null default 0,
    successful_invoice_count  int          not null default 0,
    failed_invoice_count      int          not null default 0,
    settled                   boolean      not null default false,
    upo_pages                 text
);
create index ksef_session_context_created on ksef_session (context_type, context_value, created_at desc);
-- The expiry sweep looks only at open sessions.
create index ksef_session_open_valid_until on ksef_session (valid_until) where status_code = 100;
