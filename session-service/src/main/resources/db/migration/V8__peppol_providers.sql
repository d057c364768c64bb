-- Peppol service providers known to this installation (GET /v2/peppol/query): registered on their first
-- authentication in a PeppolId context.
create table peppol_provider (
    id           varchar(9)   primary key,
    name         varchar(256) not null,
    date_created timestamptz  not null
);
create index peppol_provider_listing on peppol_provider (date_created desc, id);
