-- recurring documents arrive with the issue "Recurring documents and upstream invoice submissions over Kafka".
create table recurring_service_info (
    id      int primary key,
    version varchar(32) not null
);
insert into recurring_service_info (id, version) values (1, '0.1.0');
