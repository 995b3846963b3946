-- thingcore registry track, version 3 on PostgreSQL: the creation order ("seq" columns) comes from one sequence,
-- registry_seq, instead of MAX(seq) + 1, which is only safe while one writer runs at a time. A sequence hands out
-- values outside the transactions that take them, so parallel writers never wait for each other or collide
-- (PostgreSQL documentation, "Sequence Manipulation Functions"); a rolled-back transaction leaves a gap, which keyset
-- pagination does not mind. The sequence starts above every seq already written.

CREATE SEQUENCE registry_seq;
SELECT setval('registry_seq', GREATEST(
    (SELECT COALESCE(MAX(seq), 0) FROM ca_certificates),
    (SELECT COALESCE(MAX(seq), 0) FROM certificates),
    (SELECT COALESCE(MAX(seq), 0) FROM policies),
    (SELECT COALESCE(MAX(seq), 0) FROM policy_attachments),
    (SELECT COALESCE(MAX(seq), 0) FROM thing_types),
    (SELECT COALESCE(MAX(seq), 0) FROM things),
    (SELECT COALESCE(MAX(seq), 0) FROM thing_principals)) + 1, false);
