-- A text message the secretary sent to the caller during the call (send_text) is a turn of its own.
ALTER TYPE "TurnKind" ADD VALUE 'SMS';
