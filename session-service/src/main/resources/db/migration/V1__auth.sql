-- Authentication (uwierzytelnianie.md): challenges, KSeF tokens, authentication operations and their refresh tokens.

-- POST /auth/challenge. Single use: used_at is set by the one request that consumes it.
create table auth_challenge (
    challenge    varchar(36) primary key,
    issued_at    timestamptz not null,
    timestamp_ms bigint      not null,
    expires_at   timestamptz not null,
    client_ip    varchar(64),
    used_at      timestamptz
);
create index auth_challenge_expires on auth_challenge (expires_at);

-- KSeF tokens (tokeny-ksef.md). Only the SHA-256 of the secret is stored; the token itself is shown once.
create table ksef_token (
    reference_number varchar(36)  primary key,
    secret_hash      varchar(64)  not null unique,
    context_type     varchar(16)  not null,
    context_value    varchar(64)  not null,
    author_type      varchar(32)  not null,
    author_value     varchar(128) not null,
    description      varchar(256),
    -- Comma-separated TokenPermissionType values.
    permissions      text         not null,
    status           varchar(16)  not null,
    -- Configured through ksef.bootstrap.tokens rather than generated through POST /tokens.
    bootstrap        boolean      not null default false,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    last_use_date    timestamptz
);
create index ksef_token_context on ksef_token (context_type, context_value);

-- One authentication (AU reference): its outcome, and the tokens issued for it.
create table auth_operation (
    reference_number         varchar(36)  primary key,
    challenge                varchar(36)  not null references auth_challenge (challenge),
    started_at               timestamptz  not null,
    authentication_method    varchar(32)  not null,
    context_type             varchar(16)  not null,
    context_value            varchar(64)  not null,
    subject                  varchar(128),
    ksef_token_reference     varchar(36)  references ksef_token (reference_number),
    auth_document_hash       varchar(44),
    client_ip                varchar(64),
    status_code              int          not null,
    status_description       varchar(256) not null,
    -- Lines separated by a newline; null when none.
    status_details           text,
    -- Comma-separated permissions granted in the context, fixed when the authentication succeeds.
    permissions              text,
    redeemed_at              timestamptz,
    -- jti of the one refresh token that is valid for this authentication (the latest redeemed).
    refresh_token_id         varchar(64),
    refresh_token_valid_until timestamptz,
    last_token_refresh_date  timestamptz,
    updated_at               timestamptz  not null
);
create index auth_operation_context on auth_operation (context_type, context_value, started_at);
