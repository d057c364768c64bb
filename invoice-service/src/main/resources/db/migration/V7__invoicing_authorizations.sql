-- Authorizations ("uprawnienia podmiotowe", uprawnienia.md) projected from session-service's
-- ksef.permission.granted.v1 / ksef.permission.revoked.v1 (ksef.session.events): who may send invoices whose seller
-- (Podmiot1) is another entity. One row per active authorization; a revoked one is deleted.
create table invoicing_authorization (
    -- The permissionId of session-service (the event key).
    permission_id    varchar(36) primary key,
    -- The seller that authorized (the context that granted it).
    authorizing_nip  varchar(10) not null,
    -- The entity authorized: Nip, or PeppolId for PefInvoicing.
    authorized_type  varchar(16) not null,
    authorized_value varchar(64) not null,
    -- SelfInvoicing, RRInvoicing, TaxRepresentative or PefInvoicing.
    scope            varchar(32) not null,
    granted_at       timestamptz not null
);
create index invoicing_authorization_authorized on invoicing_authorization (authorized_type, authorized_value);
