-- Availability as the Ministry's "Latarnia" publishes it (pl.ksefhub.session.availability): messages grouped by an
-- event id (start and end of one failure, one planned unavailability), and the failures derived from heartbeats.

-- Event ids (eventId of a message): one per failure and per planned unavailability.
create sequence availability_event_id;
-- The running number in message ids (K/2026/AWR/02).
create sequence availability_message_number;

-- A failure found from the services' heartbeats: open while ended_at is null.
create table availability_incident (
    event_id    int          primary key,
    category    varchar(16)  not null check (category in ('FAILURE', 'TOTAL_FAILURE')),
    services    text         not null,
    started_at  timestamptz  not null,
    ended_at    timestamptz
);
-- At most one open failure, even when several replicas find it at the same moment.
create unique index availability_incident_one_open on availability_incident ((true)) where ended_at is null;

-- A published message, in the shape GET /messages returns; a change publishes a new version.
create table availability_message (
    id            varchar(64)    primary key,
    event_id      int            not null,
    category      varchar(16)    not null check (category in ('FAILURE', 'TOTAL_FAILURE', 'MAINTENANCE')),
    type          varchar(32)    not null
        check (type in ('FAILURE_START', 'FAILURE_END', 'MAINTENANCE_ANNOUNCEMENT')),
    title         varchar(256)   not null,
    text          varchar(4000)  not null,
    start_at      timestamptz    not null,
    end_at        timestamptz,
    version       int            not null,
    published_at  timestamptz    not null
);
create index availability_message_event on availability_message (event_id);
create index availability_message_published on availability_message (published_at);
