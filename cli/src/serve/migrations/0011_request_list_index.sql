-- covered serve, schema 11: a contract's requests in the order the request list and the
-- history of quotas, credits and KPIs read them (newest first, then by id). With a
-- million stored requests, a contract's first page of 50 read its thousand rows and
-- sorted them; in this order it reads 50.

CREATE INDEX requests_by_contract_time ON requests (contract, submitted_ms DESC, id);
