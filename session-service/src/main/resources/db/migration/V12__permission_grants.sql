-- Permissions (uprawnienia.md): one row per permission granted to one subject, whatever way it was granted
-- (/permissions/** grants, /testdata/permissions, rows of the former xades_context_grant). XAdES and KSeF token
-- logins read them (pl.ksefhub.session.permissions.EffectivePermissions); the queries of /permissions/query/**
-- list them. A revoked grant stays, Inactive, for the queries of permissionState.
create table permission_grant (
    -- The permissionId of the spec (a UUID).
    id               varchar(36)  primary key,
    -- Person, Entity, Authorization, Indirect, Subunit, EuEntityAdministration, EuEntityRepresentative.
    grant_kind       varchar(32)  not null,
    -- Where the permission works. Person, Entity, Subunit and EU grants: the context a login names (Nip,
    -- InternalId, NipVatUe). Authorization: the authorizing entity (Nip). Indirect: the intermediary (Nip).
    context_type     varchar(16)  not null,
    context_value    varchar(64)  not null,
    -- Indirect grants only: the client (Nip, InternalId) or AllPartners (value null).
    target_type      varchar(16),
    target_value     varchar(64),
    -- Who holds it: Nip, Pesel, Fingerprint (upper-case hex SHA-256 of the certificate) or PeppolId.
    subject_type     varchar(16)  not null,
    subject_value    varchar(64)  not null,
    permission       varchar(32)  not null,
    can_delegate     boolean      not null default false,
    description      varchar(256) not null,
    -- Who granted it: Nip, Pesel, Fingerprint, or System (test data and migrated rows; value null).
    author_type      varchar(16)  not null,
    author_value     varchar(64),
    -- The context the grant was made in: the parent's for administrators of subunits, else the context.
    granted_in_type  varchar(16)  not null,
    granted_in_value varchar(64)  not null,
    -- The request's subjectDetails, as JSON, echoed by the queries.
    subject_details  text,
    subunit_name     varchar(256),
    eu_entity_name   varchar(256),
    -- The request's euEntityDetails, as JSON.
    eu_entity_details text,
    -- Active or Inactive (revoked).
    state            varchar(16)  not null,
    created_at       timestamptz  not null,
    revoked_at       timestamptz
);
create index permission_grant_holder on permission_grant (subject_type, subject_value, context_type, context_value);
create index permission_grant_context on permission_grant (context_type, context_value);
create index permission_grant_granted_in on permission_grant (granted_in_type, granted_in_value);
create index permission_grant_target on permission_grant (target_type, target_value);
-- "Nie można nadać tego samego uprawnienia dwukrotnie": a second active grant of the same is ignored.
create unique index permission_grant_once on permission_grant (grant_kind, context_type, context_value,
    coalesce(target_type, ''), coalesce(target_value, ''), subject_type, subject_value, permission)
    where state = 'Active';

-- What XAdES logins recorded before: test-data grants become grants of the System. Rows that only recorded a test
-- mode owner on first use (every permission) are not grants: ownership is computed at each login.
insert into permission_grant (id, grant_kind, context_type, context_value, subject_type, subject_value, permission,
                              can_delegate, description, author_type, granted_in_type, granted_in_value, state,
                              created_at)
select gen_random_uuid()::text, 'Person', g.context_type, g.context_value, g.subject_type, g.subject_value, p.permission,
       false, 'Uprawnienie nadane przez dane testowe', 'System', g.context_type, g.context_value, 'Active', g.created_at
from xades_context_grant g
         cross join lateral unnest(string_to_array(g.permissions, ',')) as p(permission)
where p.permission <> ''
  and g.permissions <> 'Owner,InvoiceWrite,InvoiceRead,Introspection,CredentialsManage,CredentialsRead,SubunitManage,EnforcementOperations,PefInvoiceWrite,VatUeManage'
on conflict do nothing;
drop table xades_context_grant;

-- Grant and revoke operations (GET /permissions/operations/{referenceNumber}). They are decided within the request,
-- so the status is final when the 202 leaves; it can be read for 30 days, then 410.
create table permission_operation (
    reference_number   varchar(36)  primary key,
    -- The context the operation was made in: only its logins read the status.
    context_type       varchar(16)  not null,
    context_value      varchar(64)  not null,
    status_code        int          not null,
    status_description varchar(256) not null,
    status_details     text,
    created_at         timestamptz  not null
);
create index permission_operation_created on permission_operation (created_at);
