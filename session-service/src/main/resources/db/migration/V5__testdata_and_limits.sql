-- Test data (/testdata/**, test mode only) and the limits per context and per subject (/limits/**).
-- Permissions granted through /testdata/permissions go to xades_context_grant (V4), where XAdES authentication
-- reads them.

-- Subjects (/testdata/subject): an enforcement authority, a VAT group or a JST, and their subunits (members of the
-- group, units of the JST), which have no type of their own and name their parent.
create table test_subject (
    nip           varchar(10)  primary key,
    -- EnforcementAuthority, VatGroup or JST; null for a subunit.
    subject_type  varchar(32),
    parent_nip    varchar(10)  references test_subject (nip) on delete cascade,
    description   varchar(256) not null,
    -- The request's createdDate (or the time of creation): a re-creation must name a later one.
    created_date  timestamptz  not null,
    created_at    timestamptz  not null
);
create index test_subject_parent on test_subject (parent_nip);

-- Persons (/testdata/person): owners of their NIP's context, by NIP or by the PESEL linked to it.
create table test_person (
    nip           varchar(10)  primary key,
    pesel         varchar(11)  not null unique,
    description   varchar(256) not null,
    is_bailiff    boolean      not null,
    is_deceased   boolean      not null,
    created_date  timestamptz  not null,
    created_at    timestamptz  not null
);

-- Consent to send invoices with attachments (/testdata/attachment), per NIP; a revoke may name the day it ends.
create table attachment_consent (
    nip           varchar(10)  primary key,
    granted_at    timestamptz  not null,
    -- First day without the consent; null while it lasts.
    ends_on       date
);

-- Contexts whose authentication is blocked (/testdata/context/block): status 480.
create table context_block (
    context_type  varchar(16)  not null,
    context_value varchar(64)  not null,
    -- Named in the 403 security-service-blocked of requests made with tokens issued before the block.
    incident_id   varchar(32)  not null,
    blocked_at    timestamptz  not null,
    primary key (context_type, context_value)
);

-- Session limits of a context set through /testdata/limits/context/session; none: the defaults.
create table context_session_limits (
    context_type                               varchar(16) not null,
    context_value                              varchar(64) not null,
    online_max_invoice_size_mb                 int         not null,
    online_max_invoice_with_attachment_size_mb int         not null,
    online_max_invoices                        int         not null,
    batch_max_invoice_size_mb                  int         not null,
    batch_max_invoice_with_attachment_size_mb  int         not null,
    batch_max_invoices                         int         not null,
    updated_at                                 timestamptz not null,
    primary key (context_type, context_value)
);

-- Certificate limits of a subject set through /testdata/limits/subject/certificate; a null column: the default.
create table subject_certificate_limits (
    subject_value    varchar(64) primary key,
    max_enrollments  int,
    max_certificates int,
    updated_at       timestamptz not null
);
