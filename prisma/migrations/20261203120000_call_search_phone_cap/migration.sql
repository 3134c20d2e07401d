-- Phone numbers are indexed by every ending of seven or more digits (see the call_search
-- migration), which for a number of n digits is about n²/2 characters of text: 20,000 digits made
-- 200 MB and kept PostgreSQL busy for seconds before the vector was refused as too long, and 60,000
-- ran it out of memory. A phone number has at most 15 digits (E.164), and the webhooks and the relay
-- accept no longer one; should one get in some other way, only the endings of its last 15 digits
-- are indexed, which is all a search for a number can match anyway.
CREATE OR REPLACE FUNCTION call_search_phone_vector(numbers text[]) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('simple', coalesce(string_agg(right(phone.digits, suffix.length), ' '), ''))
  FROM (SELECT right(regexp_replace(number, '\D', '', 'g'), 15) AS digits FROM unnest(numbers) AS number) AS phone
  CROSS JOIN LATERAL generate_series(7, length(phone.digits)) AS suffix(length)
$$;
