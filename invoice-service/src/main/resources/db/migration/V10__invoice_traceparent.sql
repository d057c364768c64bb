-- The W3C traceparent of the send that received the invoice: the worker that processes it later, in another
-- thread and maybe another replica, continues that trace (one invoice, one trace, from its send to its UPO).
alter table invoice add column traceparent varchar(64);
