-- Migration 3: ruleset v2 makes abemaciclib its own therapy class; `cdk46_inhibitor` now
-- means palbociclib or ribociclib. Version 1 applied the abemaciclib rule to every CDK4/6
-- inhibitor, so a profile that lists cdk46_inhibitor also gets abemaciclib (the safer
-- reading) until the patient says which drug it is. Append-only, like 0001 and 0002.

INSERT OR IGNORE INTO profile_therapies (therapy, position)
SELECT 'abemaciclib', (SELECT COALESCE(MAX(position), -1) + 1 FROM profile_therapies)
WHERE EXISTS (SELECT 1 FROM profile_therapies WHERE therapy = 'cdk46_inhibitor');
