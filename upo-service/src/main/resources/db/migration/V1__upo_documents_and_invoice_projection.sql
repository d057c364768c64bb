-- Sessions as session-service announced them (session.opened): lets a UPO request tell "no such session" (21173)
-- from "no such UPO in this session" (21178) even before any invoice of the session was accepted.
create table upo_session (
    reference_number varchar(36)  primary key,
    context_type     varchar(16)  not null,
    context_value    varchar(64)  not null,
    opened_at        timestamptz
);

-- Accepted invoices (invoice.accepted), everything a session UPO needs, in ordinal order per session.
create table upo_invoice (
    invoice_reference_number    varchar(36)  primary key,
    session_reference_number    varchar(36)  not null,
    ordinal_number              integer      not null,
    ksef_number                 varchar(36)  not null unique,
    context_type                varchar(16)  not null,
    context_value               varchar(64)  not null,
    seller_nip                  varchar(10)  not null,
    invoice_number              varchar(256) not null,
    issue_date                  date         not null,
    invoicing_date              timestamptz  not null,
    acquisition_date            timestamptz  not null,
    invoice_hash                varchar(44)  not null,
    invoicing_mode              varchar(16)  not null,
    form_system_code            varchar(64)  not null,
    form_schema_version         varchar(16)  not null,
    form_value                  varchar(16),
    auth_reference_number       varchar(36),
    ksef_token_reference_number varchar(36),
    auth_document_hash          varchar(44),
    correlation_id              varchar(256),
    accepted_at                 timestamptz  not null default now()
);
create index upo_invoice_by_session on upo_invoice (session_reference_number, ordinal_number);

-- Signed UPOs: the exact bytes served and their SHA-256. One per invoice, one set of pages per session.
create table upo_document (
    reference_number         varchar(36)  primary key,
    session_reference_number varchar(36)  not null,
    scope                    varchar(8)   not null check (scope in ('invoice', 'session')),
    invoice_reference_number varchar(36),
    ksef_number              varchar(36),
    page_number              integer,
    page_count               integer,
    context_type             varchar(16)  not null,
    context_value            varchar(64)  not null,
    content                  bytea        not null,
    content_sha256           varchar(44)  not null,
    created_at               timestamptz  not null default now(),
    check ((scope = 'invoice') = (invoice_reference_number is not null and ksef_number is not null)),
    check ((scope = 'session') = (page_number is not null and page_count is not null))
);
create unique index upo_document_one_per_invoice on upo_document (invoice_reference_number) where scope = 'invoice';
create unique index upo_document_by_ksef_number on upo_document (ksef_number) where scope = 'invoice';
create unique index upo_document_one_per_session_page on upo_document (session_reference_number, page_number)
    where scope = 'session';
create index upo_document_by_session on upo_document (session_reference_number);
