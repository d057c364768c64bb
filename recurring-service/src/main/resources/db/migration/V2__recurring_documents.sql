-- The placeholder of the empty service goes; V1 stays because Flyway already recorded it.
drop table recurring_service_info;

-- Projection of ksef.invoice.accepted.v1: the invoices a recurring document can repeat ("dokument sprzedaży").
create table sale_document (
    id                       bigint primary key,  -- invoice-service's numeric invoice id (invoiceId)
    context_type             varchar(16)  not null,
    context_value            varchar(64)  not null,
    ksef_number              varchar(64)  not null,
    invoice_number           varchar(256) not null,
    issue_date               date,
    session_reference_number varchar(64),
    invoice_reference_number varchar(64),
    form_system_code         varchar(32),
    form_schema_version      varchar(16),
    form_value               varchar(16),
    correlation_id           varchar(256),
    invoice_xml              text,               -- carried only for submissions (correlationId set)
    accepted_at              timestamptz  not null default now()
);
create index sale_document_by_context on sale_document (context_type, context_value, id);
create index sale_document_by_ksef_number on sale_document (ksef_number);
create index sale_document_by_invoice_number on sale_document (invoice_number);

create table recurring_document (
    id                     bigserial primary key,
    context_type           varchar(16)   not null,
    context_value          varchar(64)   not null,
    sale_document_id       bigint        not null references sale_document (id),
    sale_document_name     varchar(256)  not null,
    name                   varchar(512)  not null,
    interval_type          varchar(16)   not null,
    start_date             date          not null,
    hour_to_send           integer       not null check (hour_to_send between 0 and 23),
    active                 boolean       not null,
    email                  varchar(2048),
    email_for_confirmation varchar(2048),
    -- The scheduler's cursor: the index of the next occurrence to issue and when it is due (null while inactive).
    next_occurrence        integer       not null default 0,
    next_due_at            timestamptz,
    created_at             timestamptz   not null default now(),
    updated_at             timestamptz   not null default now(),
    deleted_at             timestamptz
);
create index recurring_document_by_context on recurring_document (context_type, context_value, id)
    where deleted_at is null;
create index recurring_document_due on recurring_document (next_due_at)
    where active and deleted_at is null and next_due_at is not null;

-- One row per issued occurrence: the unique keys make "issued once" hold with any number of replicas.
create table recurring_occurrence (
    id                     bigserial primary key,
    recurring_document_id  bigint        not null references recurring_document (id),
    occurrence_index       integer       not null,
    due_at                 timestamptz   not null,
    issue_date             date          not null,
    correlation_id         varchar(128)  not null unique,
    context_type           varchar(16)   not null,
    context_value          varchar(64)   not null,
    sale_document_id       bigint        not null,
    email                  varchar(2048),
    email_for_confirmation varchar(2048),
    status                 varchar(16)   not null,  -- requested | issued | rejected
    requested_at           timestamptz   not null default now(),
    invoice_id             bigint,
    ksef_number            varchar(64),
    invoice_number         varchar(256),
    issued_at              timestamptz,
    rejection_code         integer,
    rejection_description  text,
    upo_xml                text,
    mail_status            varchar(16),             -- null until invoice and UPO are known; pending | sent | none
    mail_attempts          integer       not null default 0,
    mail_error             text,
    mail_sent_at           timestamptz,
    unique (recurring_document_id, due_at)
);
create index recurring_occurrence_mail_pending on recurring_occurrence (id) where mail_status = 'pending';

-- Projection of ksef.token.activated.v1 / ksef.token.revoked.v1 for HTTP Basic (NIP + KSeF token).
create table ksef_token (
    reference_number varchar(64) primary key,
    context_type     varchar(16),
    context_value    varchar(64),
    token_sha256     varchar(64),
    permissions      text,
    activated_at     timestamptz,
    revoked_at       timestamptz
);
create index ksef_token_by_hash on ksef_token (token_sha256);
