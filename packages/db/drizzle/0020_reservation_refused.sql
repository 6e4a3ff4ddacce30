-- Refuses a one-round-trip reservation from inside its statement (apps/api reserveInOneRoundTrip):
-- called only when the statement's guard fails, it aborts the transaction, so its COMMIT commits
-- nothing, and the API then takes the two-round-trip path, which names the refusal exactly.
-- VOLATILE (the default), so the planner never evaluates it ahead of the guard.
CREATE FUNCTION "far_reservation_refused"() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'reservation not admitted by its guard' USING ERRCODE = 'FAR01';
END;
$$;
