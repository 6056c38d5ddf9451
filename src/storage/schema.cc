#include "storage/schema.h"

namespace haven::storage {

// Conventions for every record table: an id, the record's current version number, and when it was
// created and last changed. Times are UTC text (see FormatTimestamp) and dates are YYYY-MM-DD, so
// they compare correctly as text on both databases. Booleans are 0/1 integers. Rows are never
// deleted: records are closed or disabled, and each change is copied into record_versions.
// Statements are split over several adjacent string literals on purpose.
// NOLINTBEGIN(bugprone-suspicious-missing-comma)
const std::vector<Migration>& HavenMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "organisations, service areas, teams, accounts, history and access log",
       {
           "CREATE TABLE organisations ("
           " id {pk}, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
           " kind TEXT NOT NULL CHECK (kind IN ('council','trust','commissioner',"
           "'partner_agency','government')),"
           " active INTEGER NOT NULL DEFAULT 1, version INTEGER NOT NULL,"
           " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",

           "CREATE TABLE service_areas ("
           " id {pk}, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
           " parent_id BIGINT REFERENCES service_areas(id),"
           " active INTEGER NOT NULL DEFAULT 1, version INTEGER NOT NULL,"
           " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",

           // Which organisation runs a service area, over time. A transfer closes one row and
           // opens the next on the same date.
           "CREATE TABLE service_area_owners ("
           " id {pk}, service_area_id BIGINT NOT NULL REFERENCES service_areas(id),"
           " organisation_id BIGINT NOT NULL REFERENCES organisations(id),"
           " effective_from TEXT NOT NULL, effective_to TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX service_area_owners_area ON service_area_owners (service_area_id)",

           "CREATE TABLE teams ("
           " id {pk}, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
           " service_area_id BIGINT NOT NULL REFERENCES service_areas(id),"
           " active INTEGER NOT NULL DEFAULT 1, version INTEGER NOT NULL,"
           " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",

           // roles: a comma-separated, sorted list of role names, so that a change of roles is a
           // change of the user row and is versioned with it.
           "CREATE TABLE users ("
           " id {pk}, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,"
           " email TEXT, password_hash TEXT NOT NULL, roles TEXT NOT NULL,"
           " team_id BIGINT REFERENCES teams(id),"
           " status TEXT NOT NULL CHECK (status IN ('active','disabled','locked')),"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",

           "CREATE TABLE sessions ("
           " id {pk}, token_hash TEXT NOT NULL UNIQUE, user_id BIGINT NOT NULL REFERENCES "
           "users(id),"
           " csrf_token TEXT NOT NULL, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL,"
           " expires_at TEXT NOT NULL, ended_at TEXT)",
           "CREATE INDEX sessions_user ON sessions (user_id)",

           "CREATE TABLE api_tokens ("
           " id {pk}, token_hash TEXT NOT NULL UNIQUE, user_id BIGINT NOT NULL REFERENCES "
           "users(id),"
           " name TEXT NOT NULL, created_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT)",

           // Failed sign-ins per lower-cased username, known or not.
           "CREATE TABLE sign_in_failures ("
           " subject TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure_at TEXT NOT NULL)",

           "CREATE TABLE security_events ("
           " id {pk}, at TEXT NOT NULL, user_id BIGINT REFERENCES users(id),"
           " event TEXT NOT NULL, request_id TEXT)",

           "CREATE TABLE people ("
           " id {pk}, service_area_id BIGINT NOT NULL REFERENCES service_areas(id),"
           " kind TEXT NOT NULL CHECK (kind IN ('child','adult','unborn')),"
           " given_name TEXT NOT NULL, family_name TEXT NOT NULL, date_of_birth TEXT,"
           " sex TEXT NOT NULL CHECK (sex IN ('M','F','U')),"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",

           // Every version of every record: a full copy of the row as it stood after the change.
           "CREATE TABLE record_versions ("
           " id {pk}, entity TEXT NOT NULL, record_id BIGINT NOT NULL, version INTEGER NOT NULL,"
           " operation TEXT NOT NULL, actor_id BIGINT REFERENCES users(id), at TEXT NOT NULL,"
           " reason TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (entity, record_id, version))",

           // Every read of a person's record.
           "CREATE TABLE access_log ("
           " id {pk}, at TEXT NOT NULL, actor_id BIGINT NOT NULL REFERENCES users(id),"
           " entity TEXT NOT NULL, record_id BIGINT NOT NULL, action TEXT NOT NULL,"
           " purpose TEXT, request_id TEXT)",
           "CREATE INDEX access_log_record ON access_log (entity, record_id)",
           "CREATE INDEX access_log_actor ON access_log (actor_id, at)",
       }},
      {2,
       "person identifiers and demographics",
       {
           "ALTER TABLE people ADD COLUMN gender TEXT",
           "ALTER TABLE people ADD COLUMN ethnicity TEXT",
           // Sorted DfE disability codes joined by commas; NULL when not recorded.
           "ALTER TABLE people ADD COLUMN disabilities TEXT",
           "ALTER TABLE people ADD COLUMN la_child_id TEXT",
           "ALTER TABLE people ADD COLUMN upn TEXT",
           "ALTER TABLE people ADD COLUMN former_upn TEXT",
           "ALTER TABLE people ADD COLUMN upn_unknown TEXT",
           "ALTER TABLE people ADD COLUMN nhs_number TEXT",
           "CREATE UNIQUE INDEX people_la_child_id ON people (la_child_id)",
           "CREATE INDEX people_upn ON people (upn)",
           "CREATE INDEX people_nhs_number ON people (nhs_number)",
       }},
      {3,
       "other names, addresses, alerts and relationships",
       {
           "CREATE TABLE person_names ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), kind TEXT NOT NULL,"
           " given_name TEXT NOT NULL, family_name TEXT NOT NULL, start_date TEXT, end_date TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX person_names_person ON person_names (person_id)",
           "CREATE TABLE person_addresses ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), line1 TEXT NOT NULL,"
           " line2 TEXT, town TEXT, postcode TEXT NOT NULL, start_date TEXT, end_date TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX person_addresses_person ON person_addresses (person_id)",
           "CREATE INDEX person_addresses_postcode ON person_addresses (postcode)",
           "CREATE TABLE person_alerts ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), kind TEXT NOT NULL,"
           " detail TEXT NOT NULL, start_date TEXT, end_date TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX person_alerts_person ON person_alerts (person_id)",
           "CREATE TABLE person_relationships ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " related_person_id BIGINT NOT NULL REFERENCES people(id), kind TEXT NOT NULL,"
           " start_date TEXT, end_date TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX person_relationships_person ON person_relationships (person_id)",
           "CREATE INDEX person_relationships_related ON person_relationships (related_person_id)",
       }},
      {4,
       "name search keys",
       {
           // Derived from people and person_names (see domain/name_match.h); rebuilt for a person
           // whenever their names change, so it is an index, not a record, and is not versioned.
           "CREATE TABLE person_search_keys ("
           " person_id BIGINT NOT NULL REFERENCES people(id), search_key TEXT NOT NULL,"
           " PRIMARY KEY (person_id, search_key))",
           "CREATE INDEX person_search_keys_key ON person_search_keys (search_key)",
       }},
      {5,
       "contacts at the front door",
       {
           "CREATE TABLE contacts ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " received_at TEXT NOT NULL, source TEXT NOT NULL, referrer_name TEXT NOT NULL,"
           " referrer_agency TEXT, concerns TEXT NOT NULL,"
           " decision TEXT, threshold_reason TEXT, decided_at TEXT,"
           " decided_by BIGINT REFERENCES users(id), feedback_at TEXT, feedback TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX contacts_person ON contacts (person_id)",
           "CREATE INDEX contacts_undecided ON contacts (decision, received_at)",
       }},
      {6,
       "casework: referrals, assessments, section 47, child protection, CIN plans, early help, "
       "case notes, allocation, workers, restricted records and merges",
       {
           "ALTER TABLE users ADD COLUMN employment_type TEXT",
           "ALTER TABLE users ADD COLUMN fte DOUBLE PRECISION",
           "ALTER TABLE users ADD COLUMN start_date TEXT",
           "ALTER TABLE users ADD COLUMN end_date TEXT",
           // Set on the record merged away; cleared when the merge is undone.
           "ALTER TABLE people ADD COLUMN merged_into BIGINT REFERENCES people(id)",
           // A restricted record opens only to the users named in record_restrictions.
           "ALTER TABLE people ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0",
           // Every step of casework has the same tail: who recorded it and, where the step needs
           // it, the manager who authorised it and when. Steps under a referral carry its id, so a
           // CIN episode is one indexed query.
           "CREATE TABLE referrals ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " contact_id BIGINT REFERENCES contacts(id), team_id BIGINT NOT NULL REFERENCES "
           "teams(id), referral_date TEXT NOT NULL, source TEXT NOT NULL, primary_need TEXT, nfa "
           "INTEGER NOT NULL DEFAULT 0, re_referral INTEGER NOT NULL DEFAULT 0, closure_date TEXT, "
           "closure_reason TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX referrals_person ON referrals (person_id)",
           "CREATE TABLE assessments ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), referral_id BIGINT NOT NULL "
           "REFERENCES referrals(id),"
           " start_date TEXT NOT NULL, child_seen_date TEXT, completed_date TEXT, factors TEXT, "
           "outcome TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX assessments_person ON assessments (person_id)",
           "CREATE TABLE strategy_discussions ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), referral_id BIGINT NOT NULL "
           "REFERENCES referrals(id),"
           " discussion_date TEXT NOT NULL, participants TEXT, outcome TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX strategy_discussions_person ON strategy_discussions (person_id)",
           "CREATE TABLE s47_enquiries ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), referral_id BIGINT NOT NULL "
           "REFERENCES referrals(id),"
           " strategy_discussion_id BIGINT NOT NULL REFERENCES strategy_discussions(id), "
           "start_date TEXT NOT NULL, end_date TEXT, outcome TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX s47_enquiries_person ON s47_enquiries (person_id)",
           "CREATE TABLE icpcs ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), referral_id BIGINT NOT NULL "
           "REFERENCES referrals(id),"
           " s47_id BIGINT NOT NULL REFERENCES s47_enquiries(id), conference_date TEXT NOT NULL, "
           "outcome TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX icpcs_person ON icpcs (person_id)",
           "CREATE TABLE cp_plans ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), referral_id BIGINT NOT NULL "
           "REFERENCES referrals(id),"
           " icpc_id BIGINT NOT NULL REFERENCES icpcs(id), start_date TEXT NOT NULL, "
           "initial_category TEXT NOT NULL, latest_category TEXT NOT NULL, end_date TEXT, "
           "end_reason TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX cp_plans_person ON cp_plans (person_id)",
           "CREATE TABLE cp_reviews ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), referral_id BIGINT NOT NULL "
           "REFERENCES referrals(id),"
           " cp_plan_id BIGINT NOT NULL REFERENCES cp_plans(id), review_date TEXT NOT NULL, "
           "outcome TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX cp_reviews_person ON cp_reviews (person_id)",
           "CREATE TABLE core_groups ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), referral_id BIGINT NOT NULL "
           "REFERENCES referrals(id),"
           " cp_plan_id BIGINT NOT NULL REFERENCES cp_plans(id), meeting_date TEXT NOT NULL,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX core_groups_person ON core_groups (person_id)",
           "CREATE TABLE cp_visits ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), referral_id BIGINT NOT NULL "
           "REFERENCES referrals(id),"
           " cp_plan_id BIGINT NOT NULL REFERENCES cp_plans(id), visit_date TEXT NOT NULL, seen "
           "INTEGER NOT NULL DEFAULT 0, seen_alone INTEGER NOT NULL DEFAULT 0,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX cp_visits_person ON cp_visits (person_id)",
           "CREATE TABLE cin_plans ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), referral_id BIGINT NOT NULL "
           "REFERENCES referrals(id),"
           " start_date TEXT NOT NULL, end_date TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX cin_plans_person ON cin_plans (person_id)",
           "CREATE TABLE early_help ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " contact_id BIGINT REFERENCES contacts(id), start_date TEXT NOT NULL, end_date TEXT, "
           "outcome TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX early_help_person ON early_help (person_id)",
           "CREATE TABLE case_notes ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " note_type TEXT NOT NULL, event_date TEXT NOT NULL, recorded_at TEXT NOT NULL, subject "
           "TEXT NOT NULL, body TEXT NOT NULL,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX case_notes_person ON case_notes (person_id)",
           "CREATE INDEX referrals_team ON referrals (team_id, closure_date)",
           "CREATE TABLE allocations ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " team_id BIGINT NOT NULL REFERENCES teams(id), worker_id BIGINT REFERENCES users(id),"
           " start_date TEXT NOT NULL, end_date TEXT, reason TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX allocations_person ON allocations (person_id, end_date)",
           "CREATE INDEX allocations_worker ON allocations (worker_id, end_date)",
           "CREATE INDEX allocations_team ON allocations (team_id, end_date)",
           "CREATE TABLE record_restrictions ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " user_id BIGINT NOT NULL REFERENCES users(id), active INTEGER NOT NULL DEFAULT 1,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX record_restrictions_person ON record_restrictions (person_id, user_id)",
           // moved: JSON list of [table, id] pairs that the merge re-pointed, so undo is exact.
           "CREATE TABLE person_merges ("
           " id {pk}, kept_id BIGINT NOT NULL REFERENCES people(id),"
           " merged_id BIGINT NOT NULL REFERENCES people(id), moved TEXT NOT NULL,"
           " reason TEXT NOT NULL, merged_by BIGINT REFERENCES users(id), undone_at TEXT,"
           " undone_by BIGINT REFERENCES users(id),"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
       }},
      {7,
       "child in need plan reviews and visits",
       {
           "CREATE TABLE cin_reviews ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " referral_id BIGINT NOT NULL REFERENCES referrals(id),"
           " cin_plan_id BIGINT NOT NULL REFERENCES cin_plans(id), review_date TEXT NOT NULL,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX cin_reviews_person ON cin_reviews (person_id)",
           "CREATE TABLE cin_visits ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " referral_id BIGINT NOT NULL REFERENCES referrals(id),"
           " cin_plan_id BIGINT NOT NULL REFERENCES cin_plans(id), visit_date TEXT NOT NULL,"
           " seen INTEGER NOT NULL DEFAULT 0, seen_alone INTEGER NOT NULL DEFAULT 0,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX cin_visits_person ON cin_visits (person_id)",
       }},
      {8,
       "children looked after, care leavers, adoption and permanence",
       {
           // Steps of children looked after (domain/care.cc), with the same tail as casework.
           "CREATE TABLE care_periods ( id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " start_date TEXT NOT NULL, category_of_need TEXT NOT NULL, home_postcode TEXT,"
           " end_date TEXT, reason_ended TEXT, recorded_by BIGINT REFERENCES users(id),"
           " authorised_by BIGINT REFERENCES users(id), authorised_at TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX care_periods_person ON care_periods (person_id)",
           "CREATE TABLE legal_statuses ( id {pk},"
           " person_id BIGINT NOT NULL REFERENCES people(id),"
           " care_period_id BIGINT NOT NULL REFERENCES care_periods(id),"
           " start_date TEXT NOT NULL, legal_status TEXT NOT NULL,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX legal_statuses_person ON legal_statuses (person_id)",
           "CREATE TABLE placements ( id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " care_period_id BIGINT NOT NULL REFERENCES care_periods(id),"
           " start_date TEXT NOT NULL, placement_type TEXT NOT NULL,"
           " provider TEXT, carer_kind TEXT NOT NULL, carer_name TEXT, urn TEXT,"
           " same_carer INTEGER NOT NULL DEFAULT 0, address TEXT, postcode TEXT,"
           " intended_duration TEXT, weekly_cost_social_care TEXT, weekly_cost_education TEXT,"
           " weekly_cost_health TEXT, payer TEXT, change_reason TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX placements_person ON placements (person_id)",
           "CREATE TABLE uasc_statuses ( id {pk},"
           " person_id BIGINT NOT NULL REFERENCES people(id), start_date TEXT NOT NULL,"
           " end_date TEXT, recorded_by BIGINT REFERENCES users(id),"
           " authorised_by BIGINT REFERENCES users(id), authorised_at TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX uasc_statuses_person ON uasc_statuses (person_id)",
           "CREATE TABLE cla_reviews ( id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " care_period_id BIGINT NOT NULL REFERENCES care_periods(id),"
           " review_date TEXT NOT NULL, participation TEXT NOT NULL,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX cla_reviews_person ON cla_reviews (person_id)",
           "CREATE TABLE cla_visits ( id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " care_period_id BIGINT NOT NULL REFERENCES care_periods(id),"
           " visit_date TEXT NOT NULL, seen INTEGER NOT NULL DEFAULT 0,"
           " seen_alone INTEGER NOT NULL DEFAULT 0, recorded_by BIGINT REFERENCES users(id),"
           " authorised_by BIGINT REFERENCES users(id), authorised_at TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX cla_visits_person ON cla_visits (person_id)",
           "CREATE TABLE health_checks ( id {pk},"
           " person_id BIGINT NOT NULL REFERENCES people(id),"
           " care_period_id BIGINT NOT NULL REFERENCES care_periods(id),"
           " check_kind TEXT NOT NULL, check_date TEXT NOT NULL,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX health_checks_person ON health_checks (person_id)",
           "CREATE TABLE sdq_scores ( id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " sdq_date TEXT NOT NULL, score INTEGER, no_score_reason TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX sdq_scores_person ON sdq_scores (person_id)",
           "CREATE TABLE substance_misuse ( id {pk},"
           " person_id BIGINT NOT NULL REFERENCES people(id), identified_date TEXT NOT NULL,"
           " intervention_offered INTEGER NOT NULL DEFAULT 0,"
           " intervention_received INTEGER NOT NULL DEFAULT 0,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX substance_misuse_person ON substance_misuse (person_id)",
           "CREATE TABLE convictions ( id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " conviction_date TEXT NOT NULL, detail TEXT, recorded_by BIGINT REFERENCES users(id),"
           " authorised_by BIGINT REFERENCES users(id), authorised_at TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX convictions_person ON convictions (person_id)",
           "CREATE TABLE peps ( id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " care_period_id BIGINT NOT NULL REFERENCES care_periods(id), pep_date TEXT NOT NULL,"
           " review INTEGER NOT NULL DEFAULT 0, recorded_by BIGINT REFERENCES users(id),"
           " authorised_by BIGINT REFERENCES users(id), authorised_at TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX peps_person ON peps (person_id)",
           "CREATE TABLE missing_episodes ( id {pk},"
           " person_id BIGINT NOT NULL REFERENCES people(id), missing_kind TEXT NOT NULL,"
           " start_date TEXT NOT NULL, end_date TEXT, rhi_offered_date TEXT,"
           " rhi_accepted INTEGER NOT NULL DEFAULT 0, recorded_by BIGINT REFERENCES users(id),"
           " authorised_by BIGINT REFERENCES users(id), authorised_at TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX missing_episodes_person ON missing_episodes (person_id)",
           "CREATE TABLE care_leavers ( id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " eligibility TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT,"
           " personal_adviser TEXT, recorded_by BIGINT REFERENCES users(id),"
           " authorised_by BIGINT REFERENCES users(id), authorised_at TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX care_leavers_person ON care_leavers (person_id)",
           "CREATE TABLE pathway_plan_reviews ( id {pk},"
           " person_id BIGINT NOT NULL REFERENCES people(id), review_date TEXT NOT NULL,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX pathway_plan_reviews_person ON pathway_plan_reviews (person_id)",
           "CREATE TABLE leaver_contacts ( id {pk},"
           " person_id BIGINT NOT NULL REFERENCES people(id), contact_date TEXT NOT NULL,"
           " in_touch TEXT NOT NULL, activity TEXT, accommodation TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX leaver_contacts_person ON leaver_contacts (person_id)",
           "CREATE TABLE staying_put ( id {pk}, person_id BIGINT NOT NULL REFERENCES people(id),"
           " start_date TEXT NOT NULL, end_date TEXT, recorded_by BIGINT REFERENCES users(id),"
           " authorised_by BIGINT REFERENCES users(id), authorised_at TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX staying_put_person ON staying_put (person_id)",
           "CREATE TABLE adoption_plans ( id {pk},"
           " person_id BIGINT NOT NULL REFERENCES people(id), decision_date TEXT NOT NULL,"
           " placement_order_date TEXT, match_date TEXT, placed_date TEXT,"
           " adoption_order_date TEXT, fostering_for_adoption INTEGER NOT NULL DEFAULT 0,"
           " adopted_by_foster_carers INTEGER NOT NULL DEFAULT 0, adopters INTEGER,"
           " adopters_sex TEXT, adopters_legal_status TEXT, reversed_date TEXT,"
           " reversed_reason TEXT, recorded_by BIGINT REFERENCES users(id),"
           " authorised_by BIGINT REFERENCES users(id), authorised_at TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX adoption_plans_person ON adoption_plans (person_id)",
           "CREATE TABLE previous_permanence ( id {pk},"
           " person_id BIGINT NOT NULL REFERENCES people(id), order_kind TEXT NOT NULL,"
           " order_date TEXT, authority TEXT, recorded_by BIGINT REFERENCES users(id),"
           " authorised_by BIGINT REFERENCES users(id), authorised_at TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX previous_permanence_person ON previous_permanence (person_id)",
           "CREATE TABLE adopter_approvals ( id {pk},"
           " person_id BIGINT NOT NULL REFERENCES people(id), enquiry_date TEXT NOT NULL,"
           " approval_date TEXT, match_date TEXT, placement_date TEXT, withdrawn_date TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX adopter_approvals_person ON adopter_approvals (person_id)",
           "CREATE TABLE deprivation_of_liberty_orders ( id {pk},"
           " person_id BIGINT NOT NULL REFERENCES people(id), start_date TEXT NOT NULL,"
           " end_date TEXT, recorded_by BIGINT REFERENCES users(id),"
           " authorised_by BIGINT REFERENCES users(id), authorised_at TEXT,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX deprivation_of_liberty_orders_person ON deprivation_of_liberty_orders "
           "(person_id)",
           // Why the social worker changed, for the SSDA903 social worker episodes.
           "ALTER TABLE allocations ADD COLUMN change_reason TEXT",
       }},
      {9,
       "search indexes",
       {
           // Name search reads every person under the query's keys: with the person in the index
           // it never visits the table.
           "CREATE INDEX person_search_keys_key_person ON person_search_keys (search_key, "
           "person_id)",
           "DROP INDEX person_search_keys_key",
           "CREATE INDEX people_former_upn ON people (former_upn)",
           "CREATE INDEX people_date_of_birth ON people (date_of_birth)",
       }},
      {10,
       "care and child protection that began before the records held",
       {
           // A period of care migrated from another system's return may begin with an episode
           // other than its first (RNE L, P, T, B or U): the reason is kept so the episodes
           // derived from the record are the ones the return held.
           "ALTER TABLE care_periods ADD COLUMN continued_episode TEXT",
           // A section 47 enquiry whose strategy discussion, and a child protection plan whose
           // conference, is not in the records held (a CIN census migrated from another system):
           // the reference may be empty when the flag says so (domain/casework.cc). SQLite cannot
           // drop NOT NULL from a column, so it rebuilds the two tables.
           "{postgres}ALTER TABLE s47_enquiries ALTER COLUMN strategy_discussion_id DROP NOT NULL",
           "{postgres}ALTER TABLE cp_plans ALTER COLUMN icpc_id DROP NOT NULL",
           "{sqlite}CREATE TABLE s47_enquiries_rebuilt ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), referral_id BIGINT NOT NULL "
           "REFERENCES referrals(id),"
           " strategy_discussion_id BIGINT REFERENCES strategy_discussions(id), start_date TEXT "
           "NOT NULL, end_date TEXT, outcome TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "{sqlite}INSERT INTO s47_enquiries_rebuilt (id, person_id, referral_id, "
           "strategy_discussion_id, start_date, end_date, outcome, recorded_by, authorised_by, "
           "authorised_at, version, created_at, updated_at) SELECT id, person_id, referral_id, "
           "strategy_discussion_id, start_date, end_date, outcome, recorded_by, authorised_by, "
           "authorised_at, version, created_at, updated_at FROM s47_enquiries",
           "{sqlite}DROP TABLE s47_enquiries",
           "{sqlite}ALTER TABLE s47_enquiries_rebuilt RENAME TO s47_enquiries",
           "{sqlite}CREATE INDEX s47_enquiries_person ON s47_enquiries (person_id)",
           "{sqlite}CREATE TABLE cp_plans_rebuilt ("
           " id {pk}, person_id BIGINT NOT NULL REFERENCES people(id), referral_id BIGINT NOT NULL "
           "REFERENCES referrals(id),"
           " icpc_id BIGINT REFERENCES icpcs(id), start_date TEXT NOT NULL, initial_category TEXT "
           "NOT NULL, latest_category TEXT NOT NULL, end_date TEXT, end_reason TEXT,"
           " recorded_by BIGINT REFERENCES users(id), authorised_by BIGINT REFERENCES users(id),"
           " authorised_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "{sqlite}INSERT INTO cp_plans_rebuilt (id, person_id, referral_id, icpc_id, start_date, "
           "initial_category, latest_category, end_date, end_reason, recorded_by, authorised_by, "
           "authorised_at, version, created_at, updated_at) SELECT id, person_id, referral_id, "
           "icpc_id, start_date, initial_category, latest_category, end_date, end_reason, "
           "recorded_by, authorised_by, authorised_at, version, created_at, updated_at FROM "
           "cp_plans",
           "{sqlite}DROP TABLE cp_plans",
           "{sqlite}ALTER TABLE cp_plans_rebuilt RENAME TO cp_plans",
           "{sqlite}CREATE INDEX cp_plans_person ON cp_plans (person_id)",
           "ALTER TABLE s47_enquiries ADD COLUMN strategy_before_records INTEGER NOT NULL DEFAULT "
           "0",
           "ALTER TABLE cp_plans ADD COLUMN conference_before_records INTEGER NOT NULL DEFAULT 0",
           "ALTER TABLE cp_plans ADD COLUMN plans_before_records INTEGER",
       },
       true},
      {11,
       "contracts and their KPI targets, for the commissioner's scorecard",
       {
           // A contract between a commissioner and the organisation that runs the services.
           "CREATE TABLE contracts ("
           " id {pk}, name TEXT NOT NULL, provider_id BIGINT NOT NULL REFERENCES organisations(id),"
           " commissioner_id BIGINT NOT NULL REFERENCES organisations(id), start_date TEXT NOT "
           "NULL,"
           " end_date TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           // A measure the contract holds the provider to: green at the target or better, amber
           // within the tolerance of it, red beyond.
           "CREATE TABLE contract_targets ("
           " id {pk}, contract_id BIGINT NOT NULL REFERENCES contracts(id), measure TEXT NOT NULL,"
           " target DOUBLE PRECISION NOT NULL, tolerance DOUBLE PRECISION NOT NULL,"
           " active INTEGER NOT NULL DEFAULT 1, version INTEGER NOT NULL, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL)",
           "CREATE INDEX contract_targets_contract ON contract_targets (contract_id)",
       }},
      {12,
       "teams' establishment and staff sickness absence, for the workforce measures",
       {
           // A team's funded social worker posts (full-time equivalent) from a date until the
           // next row of the team. A row entered in error is withdrawn (active 0), not deleted.
           "CREATE TABLE team_establishment ("
           " id {pk}, team_id BIGINT NOT NULL REFERENCES teams(id), effective_from TEXT NOT NULL,"
           " social_worker_fte DOUBLE PRECISION NOT NULL, active INTEGER NOT NULL DEFAULT 1,"
           " version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           // One standing establishment per team and date: a second for the same date corrects it.
           "CREATE UNIQUE INDEX team_establishment_team ON team_establishment (team_id, "
           "effective_from) WHERE active = 1",
           // A spell of sickness absence: its days only, never its cause. end_date is the last
           // day absent, empty while the person is still off.
           "CREATE TABLE sickness_absences ("
           " id {pk}, user_id BIGINT NOT NULL REFERENCES users(id), start_date TEXT NOT NULL,"
           " end_date TEXT, active INTEGER NOT NULL DEFAULT 1, version INTEGER NOT NULL,"
           " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
           "CREATE INDEX sickness_absences_user ON sickness_absences (user_id, start_date)",
       }},
      {13,
       "the index behind a reader's recently viewed records",
       {
           // My work lists the records its reader opened last (storage::RecentlyRead): the
           // reader's latest reads, newest first, straight from this index. Without it SQLite read
           // every read of the entity in the log and sorted them, a cost growing with the log.
           "CREATE INDEX access_log_reader ON access_log (actor_id, entity, action, id)",
       }},
  };
  return kMigrations;
}
// NOLINTEND(bugprone-suspicious-missing-comma)

const std::vector<std::string>& HavenTables() {
  static const std::vector<std::string> kTables = {"organisations",
                                                   "service_areas",
                                                   "service_area_owners",
                                                   "teams",
                                                   "users",
                                                   "sessions",
                                                   "api_tokens",
                                                   "sign_in_failures",
                                                   "security_events",
                                                   "people",
                                                   "person_names",
                                                   "person_addresses",
                                                   "person_alerts",
                                                   "person_relationships",
                                                   "person_search_keys",
                                                   "contacts",
                                                   "referrals",
                                                   "assessments",
                                                   "strategy_discussions",
                                                   "s47_enquiries",
                                                   "icpcs",
                                                   "cp_plans",
                                                   "cp_reviews",
                                                   "core_groups",
                                                   "cp_visits",
                                                   "cin_plans",
                                                   "cin_reviews",
                                                   "cin_visits",
                                                   "early_help",
                                                   "care_periods",
                                                   "legal_statuses",
                                                   "placements",
                                                   "uasc_statuses",
                                                   "cla_reviews",
                                                   "cla_visits",
                                                   "health_checks",
                                                   "sdq_scores",
                                                   "substance_misuse",
                                                   "convictions",
                                                   "peps",
                                                   "missing_episodes",
                                                   "care_leavers",
                                                   "pathway_plan_reviews",
                                                   "leaver_contacts",
                                                   "staying_put",
                                                   "adoption_plans",
                                                   "previous_permanence",
                                                   "adopter_approvals",
                                                   "deprivation_of_liberty_orders",
                                                   "case_notes",
                                                   "allocations",
                                                   "record_restrictions",
                                                   "person_merges",
                                                   "contracts",
                                                   "contract_targets",
                                                   "team_establishment",
                                                   "sickness_absences",
                                                   "record_versions",
                                                   "access_log"};
  return kTables;
}

}  // namespace haven::storage
